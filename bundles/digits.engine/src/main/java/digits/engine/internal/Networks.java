package digits.engine.internal;

import digits.api.LayerSummary;
import digits.api.ModelSummary;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The architectures the workbench trains, by name. */
final class Networks {

    static final String REFERENCE = "reference";
    static final String BATCHNORM = "bn";
    static final String DEEP = "deep";
    static final List<String> NAMES = List.of(REFERENCE, BATCHNORM, DEEP);

    private Networks() {}

    static MultiLayerConfiguration build(String architecture, IUpdater updater, long seed) {
        NeuralNetConfiguration.ListBuilder list = listBuilder(updater, seed);
        switch (architecture) {
            case REFERENCE -> reference(list);
            case BATCHNORM -> batchNorm(list);
            case DEEP -> deep(list);
            default -> throw new IllegalArgumentException(
                    "unknown architecture '" + architecture + "'; known: " + String.join(", ", NAMES));
        }
        return withInput(list);
    }

    /** The settings every network shares, whatever its layers (ours or an imported model's). */
    static NeuralNetConfiguration.ListBuilder listBuilder(IUpdater updater, long seed) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(updater)
                .weightInit(WeightInit.XAVIER)
                // Workspaces reuse off-heap memory between iterations; HOST caching keeps
                // activations for backprop instead of recomputing them (about 1.3x faster here).
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .cacheMode(CacheMode.HOST)
                .list();
    }

    static MultiLayerConfiguration withInput(NeuralNetConfiguration.ListBuilder list) {
        // Flat 784-pixel rows in, reshaped to 1x28x28 (NCHW: with oneDNN helpers NHWC lost accuracy).
        return list.setInputType(InputType.convolutionalFlat(28, 28, 1)).build();
    }

    /**
     * The reference Keras model: Conv16-Pool-Conv64-Pool-Dropout-Dense128-Dropout-Dense64-Dropout-
     * Dense10, 223,274 parameters. DL4J's Dropout(p) keeps a fraction p, so 0.8 drops 20% as
     * Keras's Dropout(0.2) does. Each dropout is the input dropout of the layer after it: the same
     * computation as a separate DropoutLayer with one layer fewer (1.0x to 1.17x faster training
     * in BENCHMARKS.md's runs); the summary still lists it as a layer of its own, as Keras does.
     */
    private static void reference(NeuralNetConfiguration.ListBuilder l) {
        l.layer(conv("conv1", 3, 16)).layer(pool("pool1"))
                .layer(conv("conv2", 3, 64)).layer(pool("pool2"))
                .layer(new DenseLayer.Builder().name("dense128").nOut(128).activation(Activation.RELU)
                        .dropOut(new Dropout(0.8)).build())
                .layer(new DenseLayer.Builder().name("dense64").nOut(64).activation(Activation.RELU)
                        .dropOut(new Dropout(0.8)).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("output").nOut(10)
                        .activation(Activation.SOFTMAX).dropOut(new Dropout(0.8)).build());
    }

    /**
     * A stronger network for the same cost class: wider convolutions with batch normalisation,
     * which trains faster and generalises better, plus dropout before the classifier.
     */
    private static void batchNorm(NeuralNetConfiguration.ListBuilder l) {
        l.layer(conv("conv1", 3, 32)).layer(norm("bn1")).layer(pool("pool1"))
                .layer(conv("conv2", 3, 64)).layer(norm("bn2")).layer(pool("pool2"))
                .layer(new DenseLayer.Builder().name("dense128").nOut(128).activation(Activation.RELU)
                        .dropOut(new Dropout(0.75)).build())
                .layer(norm("bn3"))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("output").nOut(10)
                        .activation(Activation.SOFTMAX).dropOut(new Dropout(0.7)).build());
    }

    private static ConvolutionLayer conv(String name, int kernel, int out) {
        return new ConvolutionLayer.Builder(kernel, kernel).name(name).nOut(out).activation(Activation.RELU).build();
    }

    /**
     * Batch normalisation after the ReLU. DL4J 1.0.0-M2.1's BatchNormalization layer accepts an
     * activation but never applies it, so "conv, BN(relu)" silently loses its non-linearity (the
     * first bn model was trained so); ReLU-then-BN is as accurate and needs no extra layer.
     */
    private static BatchNormalization norm(String name) {
        return new BatchNormalization.Builder().name(name).build();
    }

    private static SubsamplingLayer pool(String name) {
        return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).name(name).kernelSize(2, 2).stride(2, 2).build();
    }

    /**
     * Two 3x3 convolutions per block, each batch-normalised (a small VGG): 32-32-pool-64-64-pool,
     * then Dense256 and the classifier, with dropout 0.2 and 0.4 before them. About 4x the
     * reference's arithmetic, but under 2x its training time here, since per-layer overhead
     * dominates at this size; with augmentation it is the network that clears 99.5% on MNIST.
     */
    private static void deep(NeuralNetConfiguration.ListBuilder l) {
        l.layer(conv("conv1", 3, 32)).layer(norm("bn1")).layer(conv("conv2", 3, 32)).layer(norm("bn2")).layer(pool("pool1"))
                .layer(conv("conv3", 3, 64)).layer(norm("bn3")).layer(conv("conv4", 3, 64)).layer(norm("bn4")).layer(pool("pool2"))
                .layer(new DenseLayer.Builder().name("dense256").nOut(256).activation(Activation.RELU)
                        .dropOut(new Dropout(0.8)).build())
                .layer(norm("bn5"))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("output").nOut(10)
                        .activation(Activation.SOFTMAX).dropOut(new Dropout(0.6)).build());
    }

    /** Layer by layer: type, shapes (HxWxC for images), activation, parameters. */
    static ModelSummary summarize(String architecture, MultiLayerNetwork net) {
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        List<LayerSummary> layers = new ArrayList<>();
        InputType in = InputType.convolutional(28, 28, 1);
        int dropouts = 0;
        for (int i = 0; i < conf.getConfs().size(); i++) {
            Layer layer = conf.getConf(i).getLayer();
            if (!(layer instanceof DropoutLayer) && layer.getIDropout() instanceof Dropout) {
                // Input dropout of this layer: listed as the Dropout layer it stands for.
                layers.add(new LayerSummary("dropout" + (++dropouts), "Dropout", shape(in), shape(in), "", 0));
            }
            if (conf.getInputPreProcess(i) != null) {
                in = conf.getInputPreProcess(i).getOutputType(in);
            }
            InputType out = layer.getOutputType(i, in);
            String activation = "";
            // A dropout layer inherits the network's default activation (sigmoid) in its
            // configuration but never applies it: list none, as Keras does.
            if (layer instanceof BaseLayer b && !(layer instanceof DropoutLayer) && b.getActivationFn() != null) {
                activation = b.getActivationFn().toString().replace("()", "").toLowerCase();
            }
            layers.add(new LayerSummary(layer.getLayerName() == null ? "layer" + i : layer.getLayerName(),
                    typeName(layer), shape(in), shape(out), activation, net.getLayer(i).numParams()));
            in = out;
        }
        return new ModelSummary(architecture, layers);
    }

    private static String typeName(Layer layer) {
        if (layer instanceof ConvolutionLayer) {
            return "Conv2D";
        } else if (layer instanceof SubsamplingLayer) {
            return "MaxPool2D";
        } else if (layer instanceof BatchNormalization) {
            return "BatchNorm";
        } else if (layer instanceof DropoutLayer) {
            return "Dropout";
        } else if (layer instanceof OutputLayer) {
            return "Dense (output)";
        } else if (layer instanceof FeedForwardLayer) {
            return "Dense";
        }
        return layer.getClass().getSimpleName();
    }

    private static String shape(InputType t) {
        if (t instanceof InputType.InputTypeConvolutional c) {
            return c.getHeight() + "x" + c.getWidth() + "x" + c.getChannels();
        } else if (t instanceof InputType.InputTypeConvolutionalFlat f) {
            return f.getHeight() + "x" + f.getWidth() + "x" + f.getDepth();
        } else if (t instanceof InputType.InputTypeFeedForward f) {
            return String.valueOf(f.getSize());
        }
        return t.toString();
    }
}
