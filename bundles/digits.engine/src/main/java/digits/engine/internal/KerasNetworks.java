package digits.engine.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import digits.api.ModelException;
import digits.engine.internal.keras.KerasConfig;
import digits.engine.internal.keras.KerasModel;
import digits.engine.internal.keras.KerasWriter;
import digits.engine.internal.keras.KerasModel.Layer;
import digits.engine.internal.keras.KerasModel.OptimizerState;
import digits.engine.internal.keras.KerasModel.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Trainable;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.AdaMax;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Keras models to DL4J networks and back. The two differ in layout, not in arithmetic:
 * <ul>
 * <li>Keras convolution kernels are HWIO, DL4J's OIHW;</li>
 * <li>Keras's Flatten walks a channels_last map as H,W,C, DL4J's CNN-to-dense step as C,H,W, so
 *     the rows of the first dense kernel after a Flatten are reordered;</li>
 * <li>a Keras Dropout layer is the input dropout of the DL4J layer after it (DL4J keeps the
 *     fraction it is given: Dropout(0.8) is Keras's Dropout(0.2));</li>
 * <li>BatchNormalization keeps gamma, beta, the moving mean and variance, epsilon and momentum
 *     (DL4J's decay); it is built without DL4J's log-stdev parameterisation so the variance maps
 *     one to one.</li>
 * </ul>
 * Anything else (another layer, channels_first, dilation, a model that does not take 28x28x1
 * and answer ten softmax probabilities) is refused with the layer's name and why.
 */
final class KerasNetworks {

    static final String SUPPORTED = "InputLayer, Conv2D, MaxPooling2D, Flatten, Dense, Dropout, BatchNormalization, Activation, ReLU";
    private static final Map<String, Activation> ACTIVATIONS = Map.of("relu", Activation.RELU, "linear", Activation.IDENTITY,
            "softmax", Activation.SOFTMAX, "tanh", Activation.TANH, "sigmoid", Activation.SIGMOID, "elu", Activation.ELU,
            "selu", Activation.SELU);

    private KerasNetworks() {}

    /** Where each DL4J layer's parameters come from: the Keras layer, and the map a Flatten left. */
    private record Source(Layer keras, int[] flattenedHwc) {}

    // ---------------------------------------------------------------- Keras -> DL4J

    static MultiLayerNetwork toNetwork(KerasModel model, String shown) throws ModelException {
        List<Layer> layers = new ArrayList<>(model.layers());
        checkInput(layers, shown);
        layers.removeIf(l -> l.type().equals("InputLayer"));
        while (!layers.isEmpty() && layers.get(layers.size() - 1).type().equals("Dropout")) {
            layers.remove(layers.size() - 1); // identity at inference; nothing to train after the output
        }
        Layer last = layers.isEmpty() ? null : layers.get(layers.size() - 1);
        String softmaxAfter = null;
        if (last != null && isSoftmaxActivation(last) && layers.size() > 1
                && layers.get(layers.size() - 2).type().equals("Dense")
                && activationName(layers.get(layers.size() - 2).config()).equals("linear")) {
            softmaxAfter = layers.remove(layers.size() - 1).name(); // Dense + Activation(softmax) is one output layer
            last = layers.get(layers.size() - 1);
        }
        if (last == null || !last.type().equals("Dense") || last.config().get("units").getAsInt() != 10
                || (softmaxAfter == null && !activationName(last.config()).equals("softmax"))) {
            throw new ModelException(shown + ": the model must end in a Dense layer of 10 units with softmax (the ten digits); it ends in "
                    + (last == null ? "nothing" : "'" + last.name() + "' (" + last.type() + ")"));
        }

        NeuralNetConfiguration.ListBuilder list = Networks.listBuilder(updaterFor(model.optimizer()), 7);
        List<Source> sources = new ArrayList<>();
        double dropout = 0;
        boolean flattened = false;
        int[] hwc = {28, 28, 1};
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            JsonObject c = l.config();
            String where = shown + ": layer '" + l.name() + "' (" + l.type() + ")";
            checkChannelsLast(c, where);
            org.deeplearning4j.nn.conf.layers.Layer built;
            int[] flattenedFrom = null;
            switch (l.type()) {
                case "Dropout" -> {
                    if (dropout != 0) {
                        throw new ModelException(where + ": two Dropout layers in a row are not supported");
                    }
                    dropout = c.get("rate").getAsDouble();
                    continue;
                }
                case "Flatten" -> {
                    if (hwc == null) {
                        throw new ModelException(where + ": Flatten of an input that is already flat");
                    }
                    flattened = true;
                    continue;
                }
                case "Conv2D" -> {
                    requireImage(hwc, flattened, where);
                    int[] d = KerasConfig.pair(c, "dilation_rate", new int[] {1, 1});
                    if (d[0] != 1 || d[1] != 1 || KerasConfig.num(c, "groups", 1) != 1) {
                        throw new ModelException(where + ": dilated or grouped convolutions are not supported");
                    }
                    int[] k = KerasConfig.pair(c, "kernel_size", null);
                    int[] s = KerasConfig.pair(c, "strides", new int[] {1, 1});
                    built = new ConvolutionLayer.Builder(k[0], k[1]).stride(s[0], s[1]).name(l.name())
                            .nOut(c.get("filters").getAsInt()).convolutionMode(mode(c, where))
                            .hasBias(KerasConfig.bool(c, "use_bias", true)).activation(activation(c, where)).build();
                }
                case "MaxPooling2D" -> {
                    requireImage(hwc, flattened, where);
                    int[] p = KerasConfig.pair(c, "pool_size", new int[] {2, 2});
                    int[] s = KerasConfig.pair(c, "strides", p);
                    built = new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).name(l.name())
                            .kernelSize(p[0], p[1]).stride(s[0], s[1]).convolutionMode(mode(c, where)).build();
                }
                case "Dense" -> {
                    if (hwc != null && !flattened) {
                        throw new ModelException(where + ": a Dense layer on an image needs a Flatten before it");
                    }
                    flattenedFrom = flattened ? hwc : null;
                    Activation a = activation(c, where);
                    int units = c.get("units").getAsInt();
                    boolean bias = KerasConfig.bool(c, "use_bias", true);
                    built = i == layers.size() - 1
                            ? new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name(l.name()).nOut(units)
                                    .activation(Activation.SOFTMAX).hasBias(bias).build()
                            : new DenseLayer.Builder().name(l.name()).nOut(units).activation(a).hasBias(bias).build();
                    hwc = null;
                    flattened = false;
                }
                case "BatchNormalization" -> {
                    if (flattened) {
                        throw new ModelException(where + ": BatchNormalization right after a Flatten is not supported");
                    }
                    int axis = (int) KerasConfig.num(c, "axis", -1);
                    if (axis != -1 && axis != (hwc == null ? 1 : 3)) {
                        throw new ModelException(where + ": normalising axis " + axis + " is not supported (only the channels, axis -1)");
                    }
                    if (!KerasConfig.bool(c, "center", true) || !KerasConfig.bool(c, "scale", true)) {
                        throw new ModelException(where + ": BatchNormalization without center or scale is not supported");
                    }
                    built = new BatchNormalization.Builder().name(l.name()).useLogStd(false)
                            .eps(KerasConfig.num(c, "epsilon", 1e-3)).decay(KerasConfig.num(c, "momentum", 0.99)).build();
                }
                case "Activation", "ReLU" -> {
                    if (flattened) {
                        throw new ModelException(where + ": an activation right after a Flatten is not supported");
                    }
                    built = new ActivationLayer.Builder().name(l.name()).activation(l.type().equals("ReLU") ? relu(c, where) : activation(c, where)).build();
                }
                default -> throw new ModelException(where + " is not supported; the workbench reads " + SUPPORTED);
            }
            if (dropout != 0) {
                built.setIDropout(new Dropout(1 - dropout));
                dropout = 0;
            }
            list.layer(built);
            sources.add(new Source(l, flattenedFrom));
            hwc = nextShape(built, hwc, where);
        }
        MultiLayerConfiguration conf;
        MultiLayerNetwork net;
        try {
            conf = Networks.withInput(list);
            net = new MultiLayerNetwork(conf);
            net.init();
        } catch (RuntimeException e) {
            throw new ModelException(shown + ": the layers do not fit a 28x28x1 input (" + e.getMessage() + ")", e);
        }
        setParameters(net, sources, shown);
        if (model.optimizer() != null) {
            setOptimizerState(net, sources, model.optimizer());
        }
        return net;
    }

    private static void checkInput(List<Layer> layers, String shown) throws ModelException {
        for (Layer l : layers) {
            JsonObject c = l.config();
            String key = c.has("batch_shape") ? "batch_shape" : c.has("batch_input_shape") ? "batch_input_shape" : null;
            if (key != null && c.get(key).isJsonArray()) {
                JsonArray s = c.getAsJsonArray(key);
                String shape = s.toString().replace("null,", "");
                boolean ok = s.size() == 4 && s.get(1).getAsInt() == 28 && s.get(2).getAsInt() == 28 && s.get(3).getAsInt() == 1;
                if (!ok) {
                    throw new ModelException(shown + ": layer '" + l.name() + "' takes input " + shape
                            + "; the workbench's recognizers take 28x28x1 images (channels_last)");
                }
                return;
            }
        }
    }

    private static boolean isSoftmaxActivation(Layer l) {
        return (l.type().equals("Activation") || l.type().equals("Softmax"))
                && (l.type().equals("Softmax") || activationName(l.config()).equals("softmax"));
    }

    private static String activationName(JsonObject c) {
        String a = KerasConfig.str(c, "activation");
        return a.isEmpty() ? "linear" : a;
    }

    private static Activation activation(JsonObject c, String where) throws ModelException {
        Activation a = ACTIVATIONS.get(activationName(c));
        if (a == null) {
            throw new ModelException(where + ": activation '" + activationName(c) + "' is not supported (" + String.join(", ", ACTIVATIONS.keySet()) + ")");
        }
        return a;
    }

    private static Activation relu(JsonObject c, String where) throws ModelException {
        if (!KerasConfig.str(c, "max_value").isEmpty() || KerasConfig.num(c, "negative_slope", 0) != 0
                || KerasConfig.num(c, "threshold", 0) != 0) {
            throw new ModelException(where + ": a ReLU with max_value, negative_slope or threshold is not supported");
        }
        return Activation.RELU;
    }

    private static ConvolutionMode mode(JsonObject c, String where) throws ModelException {
        return switch (KerasConfig.str(c, "padding").isEmpty() ? "valid" : KerasConfig.str(c, "padding")) {
            case "valid" -> ConvolutionMode.Truncate;
            case "same" -> ConvolutionMode.Same;
            default -> throw new ModelException(where + ": padding '" + KerasConfig.str(c, "padding") + "' is not supported (valid, same)");
        };
    }

    private static void checkChannelsLast(JsonObject c, String where) throws ModelException {
        String f = KerasConfig.str(c, "data_format");
        if (!f.isEmpty() && !f.equals("channels_last")) {
            throw new ModelException(where + ": data_format " + f + " is not supported (channels_last only)");
        }
    }

    private static void requireImage(int[] hwc, boolean flattened, String where) throws ModelException {
        if (hwc == null || flattened) {
            throw new ModelException(where + " needs an image input, but its input is already flat");
        }
    }

    /** The H,W,C a layer leaves (null once flat), for the Flatten that may follow. */
    private static int[] nextShape(org.deeplearning4j.nn.conf.layers.Layer built, int[] hwc, String where) throws ModelException {
        if (hwc == null || built instanceof DenseLayer || built instanceof OutputLayer) {
            return null;
        }
        InputType out;
        try {
            out = built.getOutputType(0, InputType.convolutional(hwc[0], hwc[1], hwc[2]));
        } catch (RuntimeException e) {
            throw new ModelException(where + " does not fit its " + hwc[0] + "x" + hwc[1] + "x" + hwc[2] + " input: " + e.getMessage(), e);
        }
        InputType.InputTypeConvolutional c = (InputType.InputTypeConvolutional) out;
        if (c.getHeight() < 1 || c.getWidth() < 1) {
            throw new ModelException(where + " leaves nothing of its " + hwc[0] + "x" + hwc[1] + " input");
        }
        return new int[] {(int) c.getHeight(), (int) c.getWidth(), (int) c.getChannels()};
    }

    private static IUpdater updaterFor(OptimizerState state) {
        if (state != null && state.type().equals("adam")) {
            return new Adam(state.learningRate());
        }
        return new AdaMax(state == null ? 0.001 : state.learningRate());
    }

    /** The DL4J parameter keys of a layer, in Keras's variable order. */
    private static List<String> paramKeys(org.deeplearning4j.nn.api.Layer layer) {
        Map<String, INDArray> table = layer.paramTable();
        List<String> keys = new ArrayList<>();
        for (String k : List.of("W", "b", "gamma", "beta", "mean", "var")) {
            if (table.containsKey(k)) {
                keys.add(k);
            }
        }
        return keys;
    }

    private static void setParameters(MultiLayerNetwork net, List<Source> sources, String shown) throws ModelException {
        for (int i = 0; i < sources.size(); i++) {
            Source s = sources.get(i);
            org.deeplearning4j.nn.api.Layer layer = net.getLayer(i);
            List<String> keys = paramKeys(layer);
            List<Tensor> vars = s.keras().vars();
            if (vars.size() != keys.size()) {
                throw new ModelException(shown + ": layer '" + s.keras().name() + "' (" + s.keras().type() + ") has " + vars.size()
                        + " weights in the file; it needs " + keys.size());
            }
            for (int v = 0; v < keys.size(); v++) {
                INDArray target = layer.getParam(keys.get(v));
                target.assign(toDl4j(vars.get(v), target, s, keys.get(v), shown));
            }
        }
    }

    /** One Keras variable in DL4J's layout, after checking its shape against the parameter it fills. */
    private static INDArray toDl4j(Tensor t, INDArray target, Source s, String key, String shown) throws ModelException {
        int[] expected = kerasShape(target, key);
        if (!java.util.Arrays.equals(expected, t.shape())) {
            throw new ModelException(shown + ": layer '" + s.keras().name() + "' " + kerasName(key, s.keras().type()) + " is "
                    + t.shapeText() + " in the file; the network needs " + new Tensor(expected, new float[0]).shapeText());
        }
        INDArray a = Nd4j.create(t.data(), toLong(t.shape()), 'c').castTo(DataType.FLOAT);
        if (key.equals("W") && t.shape().length == 4) {
            return a.permute(3, 2, 0, 1); // HWIO -> OIHW
        }
        if (key.equals("W") && s.flattenedHwc() != null) {
            int[] hwc = s.flattenedHwc();
            // rows in H,W,C order -> C,H,W order
            return a.reshape('c', hwc[0], hwc[1], hwc[2], t.shape()[1]).permute(2, 0, 1, 3).dup('c')
                    .reshape('c', (long) hwc[0] * hwc[1] * hwc[2], t.shape()[1]);
        }
        return a.reshape(target.shape());
    }

    private static int[] kerasShape(INDArray dl4j, String key) {
        long[] s = dl4j.shape();
        if (key.equals("W") && s.length == 4) {
            return new int[] {(int) s[2], (int) s[3], (int) s[1], (int) s[0]};
        }
        if (key.equals("W")) {
            return new int[] {(int) s[0], (int) s[1]};
        }
        return new int[] {(int) dl4j.length()};
    }

    private static String kerasName(String key, String type) {
        return switch (key) {
            case "W" -> "kernel";
            case "b" -> "bias";
            case "mean" -> "moving_mean";
            case "var" -> "moving_variance";
            default -> key;
        };
    }

    /**
     * Adam's and Adamax's two moments per trainable variable, placed where DL4J's updater keeps
     * them: each updater block holds its first moments for all its parameters, then the second.
     * The iteration count goes along, so bias correction continues where Keras stopped.
     */
    private static void setOptimizerState(MultiLayerNetwork net, List<Source> sources, OptimizerState state) throws ModelException {
        Map<String, Tensor[]> bySlot = new HashMap<>();
        int slot = 0;
        for (int i = 0; i < sources.size(); i++) {
            for (String key : paramKeys(net.getLayer(i))) {
                if (key.equals("mean") || key.equals("var")) {
                    continue; // moving statistics are not trained by the optimizer
                }
                if (slot >= state.slots().size()) {
                    return; // the optimizer state does not cover the model: a fine-tune starts afresh
                }
                bySlot.put(i + "/" + key, state.slots().get(slot++));
            }
        }
        if (slot != state.slots().size()) {
            return;
        }
        net.getUpdater(true);
        BaseMultiLayerUpdater<?> updater = (BaseMultiLayerUpdater<?>) net.getUpdater();
        for (UpdaterBlock block : updater.getUpdaterBlocks()) {
            INDArray view = block.getUpdaterView();
            if (view == null || view.length() == 0) {
                continue;
            }
            long n = view.length() / 2;
            long offset = 0;
            for (UpdaterBlock.ParamState ps : block.getLayersAndVariablesInBlock()) {
                Trainable t = ps.getLayer();
                int index = indexOf(net, t);
                Tensor[] moments = bySlot.get(index + "/" + ps.getParamName());
                INDArray param = net.getLayer(index).getParam(ps.getParamName());
                long len = param.length();
                if (moments != null) {
                    Source s = sources.get(index);
                    for (int m = 0; m < 2; m++) {
                        INDArray structured = toDl4j(moments[m], param, s, ps.getParamName(), "optimizer state");
                        INDArray flat = Nd4j.toFlattened(param.ordering(), structured.dup(param.ordering()));
                        stretch(view, m * n + offset, len).assign(flat);
                    }
                }
                offset += len;
            }
        }
        net.setIterationCount((int) Math.min(Integer.MAX_VALUE, state.iterations()));
    }

    /** A stretch of an updater view, which DL4J keeps as a vector or as a row. */
    private static INDArray stretch(INDArray view, long from, long length) {
        return view.rank() == 1 ? view.get(NDArrayIndex.interval(from, from + length))
                : view.get(NDArrayIndex.point(0), NDArrayIndex.interval(from, from + length));
    }

    private static int indexOf(MultiLayerNetwork net, Trainable t) {
        for (int i = 0; i < net.getnLayers(); i++) {
            if (net.getLayer(i) == t) {
                return i;
            }
        }
        return -1;
    }

    private static long[] toLong(int[] s) {
        long[] out = new long[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = s[i];
        }
        return out;
    }

    // ---------------------------------------------------------------- DL4J -> Keras

    /**
     * Our network as Keras layers, named as Keras names them ({@code conv2d}, {@code conv2d_1},
     * ...): an input dropout becomes a Dropout layer before its layer, the CNN-to-dense step a
     * Flatten, the output layer a Dense with softmax.
     */
    static KerasModel fromNetwork(MultiLayerNetwork net) throws ModelException {
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        Map<String, Integer> counters = new HashMap<>();
        List<Layer> out = new ArrayList<>();
        JsonObject input = new JsonObject();
        input.add("batch_shape", shape(null, 28, 28, 1));
        input.addProperty("dtype", "float32");
        input.addProperty("sparse", false);
        input.addProperty("ragged", false);
        input.addProperty("name", "input_layer");
        out.add(new Layer("InputLayer", "input_layer", input, List.of()));
        int[] hwc = {28, 28, 1};
        long flat = 0;
        for (int i = 0; i < conf.getConfs().size(); i++) {
            org.deeplearning4j.nn.conf.layers.Layer l = conf.getConf(i).getLayer();
            InputPreProcessor pre = conf.getInputPreProcess(i);
            int[] flattenedHwc = null;
            if (pre instanceof CnnToFeedForwardPreProcessor p) {
                flattenedHwc = new int[] {(int) p.getInputHeight(), (int) p.getInputWidth(), (int) p.getNumChannels()};
                JsonObject cfg = base(name(counters, "flatten"));
                cfg.addProperty("data_format", "channels_last");
                out.add(new Layer("Flatten", KerasConfig.str(cfg, "name"), cfg, List.of()));
                flat = (long) flattenedHwc[0] * flattenedHwc[1] * flattenedHwc[2];
                hwc = null;
            } else if (pre instanceof FeedForwardToCnnPreProcessor && i == 0) {
                // the flat 784-pixel rows reshaped to 28x28x1: Keras's input is that image already
            } else if (pre != null) {
                throw new ModelException("layer " + l.getLayerName() + ": preprocessor " + pre.getClass().getSimpleName() + " has no Keras equivalent");
            }
            if (!(l instanceof DropoutLayer) && l.getIDropout() instanceof Dropout d) {
                JsonObject c = base(name(counters, "dropout"));
                c.addProperty("rate", round(1 - d.getP()));
                c.add("seed", JsonNull.INSTANCE);
                c.add("noise_shape", JsonNull.INSTANCE);
                out.add(new Layer("Dropout", KerasConfig.str(c, "name"), c, List.of()));
            } else if (l.getIDropout() != null && !(l instanceof DropoutLayer)) {
                throw new ModelException("layer " + l.getLayerName() + ": its dropout kind has no Keras equivalent");
            }
            org.deeplearning4j.nn.api.Layer layer = net.getLayer(i);
            Source source = new Source(null, flattenedHwc);
            JsonArray buildShape = hwc == null ? shape(null, (int) flat) : shape(null, hwc[0], hwc[1], hwc[2]);
            Layer k;
            if (l instanceof ConvolutionLayer c) {
                JsonObject cfg = base(name(counters, "conv2d"));
                cfg.addProperty("filters", c.getNOut());
                cfg.add("kernel_size", ints(c.getKernelSize()));
                cfg.add("strides", ints(c.getStride()));
                cfg.addProperty("padding", padding(c.getConvolutionMode(), l));
                cfg.addProperty("data_format", "channels_last");
                cfg.add("dilation_rate", ints(c.getDilation()));
                cfg.addProperty("groups", 1);
                cfg.addProperty("activation", kerasActivation(c.getActivationFn(), l));
                cfg.addProperty("use_bias", c.hasBias());
                initializers(cfg);
                k = new Layer("Conv2D", KerasConfig.str(cfg, "name"), withBuild(cfg, buildShape), vars(layer, source));
            } else if (l instanceof SubsamplingLayer s) {
                if (!String.valueOf(s.getPoolingType()).equals("MAX")) {
                    throw new ModelException("layer " + l.getLayerName() + ": " + s.getPoolingType() + " pooling has no export");
                }
                JsonObject cfg = base(name(counters, "max_pooling2d"));
                cfg.add("pool_size", ints(s.getKernelSize()));
                cfg.addProperty("padding", padding(s.getConvolutionMode(), l));
                cfg.add("strides", ints(s.getStride()));
                cfg.addProperty("data_format", "channels_last");
                k = new Layer("MaxPooling2D", KerasConfig.str(cfg, "name"), cfg, List.of());
            } else if (l instanceof BatchNormalization b) {
                JsonObject cfg = base(name(counters, "batch_normalization"));
                cfg.addProperty("axis", -1);
                cfg.addProperty("momentum", round(b.getDecay()));
                cfg.addProperty("epsilon", b.getEps());
                cfg.addProperty("center", true);
                cfg.addProperty("scale", true);
                for (String init : List.of("beta_initializer", "moving_mean_initializer")) {
                    cfg.add(init, initializer("Zeros"));
                }
                for (String init : List.of("gamma_initializer", "moving_variance_initializer")) {
                    cfg.add(init, initializer("Ones"));
                }
                for (String none : List.of("beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint")) {
                    cfg.add(none, JsonNull.INSTANCE);
                }
                cfg.addProperty("synchronized", false);
                k = new Layer("BatchNormalization", KerasConfig.str(cfg, "name"), withBuild(cfg, buildShape), batchNormVars(layer, b));
            } else if (l instanceof DenseLayer || l instanceof OutputLayer) {
                BaseLayer d = (BaseLayer) l;
                JsonObject cfg = base(name(counters, "dense"));
                cfg.addProperty("units", ((org.deeplearning4j.nn.conf.layers.FeedForwardLayer) l).getNOut());
                cfg.addProperty("activation", kerasActivation(d.getActivationFn(), l));
                cfg.addProperty("use_bias", layer.paramTable().containsKey("b"));
                initializers(cfg);
                k = new Layer("Dense", KerasConfig.str(cfg, "name"), withBuild(cfg, buildShape), vars(layer, source));
            } else if (l instanceof ActivationLayer a) {
                JsonObject cfg = base(name(counters, "activation"));
                cfg.addProperty("activation", kerasActivation(a.getActivationFn(), l));
                k = new Layer("Activation", KerasConfig.str(cfg, "name"), cfg, List.of());
            } else if (l instanceof DropoutLayer d) {
                JsonObject cfg = base(name(counters, "dropout"));
                cfg.addProperty("rate", d.getIDropout() instanceof Dropout dd ? round(1 - dd.getP()) : 0);
                k = new Layer("Dropout", KerasConfig.str(cfg, "name"), cfg, List.of());
            } else {
                throw new ModelException("layer " + l.getLayerName() + " (" + l.getClass().getSimpleName() + ") has no Keras equivalent");
            }
            out.add(k);
            if (hwc != null) {
                InputType next = l.getOutputType(i, InputType.convolutional(hwc[0], hwc[1], hwc[2]));
                if (next instanceof InputType.InputTypeConvolutional c) {
                    hwc = new int[] {(int) c.getHeight(), (int) c.getWidth(), (int) c.getChannels()};
                } else {
                    hwc = null;
                    flat = next.arrayElementsPerExample();
                }
            } else {
                flat = l.getOutputType(i, InputType.feedForward(flat)).arrayElementsPerExample();
            }
        }
        return new KerasModel("", out, null);
    }

    /** DL4J's parameters in Keras's layout: kernels HWIO, the first dense kernel's rows H,W,C. */
    private static List<Tensor> vars(org.deeplearning4j.nn.api.Layer layer, Source s) {
        List<Tensor> out = new ArrayList<>();
        for (String key : paramKeys(layer)) {
            INDArray p = layer.getParam(key);
            INDArray k;
            if (key.equals("W") && p.rank() == 4) {
                k = p.permute(2, 3, 1, 0); // OIHW -> HWIO
            } else if (key.equals("W") && s.flattenedHwc() != null) {
                int[] hwc = s.flattenedHwc();
                k = p.dup('c').reshape('c', hwc[2], hwc[0], hwc[1], p.size(1)).permute(1, 2, 0, 3).dup('c')
                        .reshape('c', p.size(0), p.size(1));
            } else if (key.equals("W")) {
                k = p;
            } else {
                k = p.reshape(p.length());
            }
            out.add(tensor(k));
        }
        return out;
    }

    /**
     * gamma, beta, moving mean, moving variance. Our own networks keep the variance as DL4J's
     * log10 of a standard deviation s (its default) with var = s^2, epsilon added at use as Keras does.
     */
    private static List<Tensor> batchNormVars(org.deeplearning4j.nn.api.Layer layer, BatchNormalization b) {
        Map<String, INDArray> t = layer.paramTable();
        INDArray var;
        if (t.containsKey("var")) {
            var = t.get("var");
        } else {
            INDArray std = org.nd4j.linalg.ops.transforms.Transforms.exp(t.get("log10stdev").mul(Math.log(10)), false);
            var = std.mul(std);
        }
        List<Tensor> out = new ArrayList<>();
        for (INDArray a : List.of(t.get("gamma"), t.get("beta"), t.get("mean"), var)) {
            out.add(tensor(a.reshape(a.length())));
        }
        return out;
    }

    private static Tensor tensor(INDArray a) {
        INDArray c = a.dup('c').castTo(DataType.FLOAT);
        long[] s = c.shape();
        int[] shape = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            shape[i] = (int) s[i];
        }
        return new Tensor(shape, c.data().asFloat());
    }

    private static String name(Map<String, Integer> counters, String prefix) {
        int n = counters.merge(prefix, 1, Integer::sum) - 1;
        return n == 0 ? prefix : prefix + "_" + n;
    }

    /** The keys every Keras 3 layer config has. */
    private static JsonObject base(String name) {
        JsonObject c = new JsonObject();
        c.addProperty("name", name);
        c.addProperty("trainable", true);
        JsonObject policy = new JsonObject();
        policy.addProperty("module", "keras");
        policy.addProperty("class_name", "DTypePolicy");
        JsonObject pc = new JsonObject();
        pc.addProperty("name", "float32");
        policy.add("config", pc);
        policy.add("registered_name", JsonNull.INSTANCE);
        c.add("dtype", policy);
        return c;
    }

    private static JsonObject withBuild(JsonObject cfg, JsonArray inputShape) {
        cfg.add(KerasWriter.BUILD_SHAPE, inputShape);
        return cfg;
    }

    private static void initializers(JsonObject cfg) {
        JsonObject glorot = initializer("GlorotUniform");
        glorot.getAsJsonObject("config").add("seed", JsonNull.INSTANCE);
        cfg.add("kernel_initializer", glorot);
        cfg.add("bias_initializer", initializer("Zeros"));
        for (String none : List.of("kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint", "bias_constraint")) {
            cfg.add(none, JsonNull.INSTANCE);
        }
    }

    private static JsonObject initializer(String cls) {
        JsonObject o = new JsonObject();
        o.addProperty("module", "keras.initializers");
        o.addProperty("class_name", cls);
        o.add("config", new JsonObject());
        o.add("registered_name", JsonNull.INSTANCE);
        return o;
    }

    private static String padding(ConvolutionMode mode, org.deeplearning4j.nn.conf.layers.Layer l) throws ModelException {
        if (mode == null || mode == ConvolutionMode.Truncate || mode == ConvolutionMode.Strict) {
            return "valid";
        }
        if (mode == ConvolutionMode.Same) {
            return "same";
        }
        throw new ModelException("layer " + l.getLayerName() + ": convolution mode " + mode + " has no Keras equivalent");
    }

    private static String kerasActivation(IActivation fn, org.deeplearning4j.nn.conf.layers.Layer l) throws ModelException {
        for (Map.Entry<String, Activation> e : ACTIVATIONS.entrySet()) {
            if (fn != null && e.getValue().getActivationFunction().getClass() == fn.getClass()) {
                return e.getKey();
            }
        }
        throw new ModelException("layer " + l.getLayerName() + ": activation " + fn + " has no Keras equivalent");
    }

    private static JsonArray ints(int[] v) {
        JsonArray a = new JsonArray();
        for (int x : v) {
            a.add(x);
        }
        return a;
    }

    private static JsonArray shape(Object batch, int... dims) {
        JsonArray a = new JsonArray();
        a.add(JsonNull.INSTANCE);
        for (int d : dims) {
            a.add(d);
        }
        return a;
    }

    /** 1 - 0.8 is 0.19999999999999996 in doubles; Keras's own configs say 0.2. */
    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
