package digits.engine.cudnn.internal;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.learning.config.AdaBelief;
import org.nd4j.linalg.learning.config.AdaMax;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * Reads a DL4J network into the engine's plain description, refusing in one line anything the
 * engine has no kernel for (so the run goes to the CPU instead).
 */
final class Dl4jNetworks {

    private Dl4jNetworks() {}

    static NetSpec spec(MultiLayerNetwork net) {
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        List<NetSpec.Layer> layers = new ArrayList<>();
        InputType in = InputType.convolutional(28, 28, 1); // as Networks.summarize walks it
        for (int i = 0; i < conf.getConfs().size(); i++) {
            Layer layer = conf.getConf(i).getLayer();
            if (conf.getInputPreProcess(i) != null) {
                in = conf.getInputPreProcess(i).getOutputType(in);
            }
            InputType out = layer.getOutputType(i, in);
            int[] a = chw(in);
            int[] b = chw(out);
            String name = layer.getLayerName() == null ? "layer" + i : layer.getLayerName();
            double keep = keep(name, layer.getIDropout());
            NetSpec.Kind kind;
            int kernel = 0;
            double eps = 0;
            double decay = 0;
            boolean logStd = false;
            if (layer instanceof ConvolutionLayer c && !(layer instanceof SubsamplingLayer)) {
                kind = NetSpec.Kind.CONV;
                kernel = c.getKernelSize()[0];
                if (c.getKernelSize()[1] != kernel || c.getStride()[0] != 1 || c.getStride()[1] != 1
                        || c.getPadding()[0] != 0 || c.getPadding()[1] != 0 || c.getConvolutionMode() == ConvolutionMode.Same
                        || c.getDilation()[0] != 1 || !c.hasBias()) {
                    throw refuse(name, "a square convolution with stride 1, no padding, no dilation and a bias");
                }
                relu(name, c);
            } else if (layer instanceof SubsamplingLayer s) {
                kind = NetSpec.Kind.POOL;
                kernel = s.getKernelSize()[0];
                if (s.getPoolingType() != org.deeplearning4j.nn.conf.layers.PoolingType.MAX || s.getStride()[0] != kernel
                        || s.getKernelSize()[1] != kernel || s.getStride()[1] != kernel || s.getPadding()[0] != 0) {
                    throw refuse(name, "max pooling with stride equal to its square kernel, no padding");
                }
            } else if (layer instanceof BatchNormalization n) {
                kind = NetSpec.Kind.BATCHNORM;
                if (n.isLockGammaBeta()) {
                    throw refuse(name, "batch normalisation with trained gamma and beta");
                }
                eps = n.getEps();
                decay = n.getDecay();
                logStd = n.isUseLogStd();
            } else if (layer instanceof OutputLayer o) {
                kind = NetSpec.Kind.OUTPUT;
                if (!(o.getActivationFn() instanceof ActivationSoftmax) || !(o.getLossFn() instanceof LossMCXENT m)
                        || m.getWeights() != null || !o.hasBias()) {
                    throw refuse(name, "a softmax output with plain cross-entropy loss and a bias");
                }
            } else if (layer instanceof DenseLayer d) {
                kind = NetSpec.Kind.DENSE;
                if (!d.hasBias()) {
                    throw refuse(name, "a dense layer with a bias");
                }
                relu(name, d);
            } else {
                throw new UnsupportedOperationException("layer '" + name + "' (" + layer.getClass().getSimpleName()
                        + ") has no GPU kernel in the cuDNN engine");
            }
            if (layer instanceof BaseLayer base && (base.getRegularization() != null && !base.getRegularization().isEmpty()
                    || base.getGradientNormalization() != null
                    && base.getGradientNormalization() != org.deeplearning4j.nn.conf.GradientNormalization.None)) {
                throw refuse(name, "no weight decay, L1/L2 or gradient normalisation");
            }
            layers.add(new NetSpec.Layer(kind, name, a[0], a[1], a[2], b[0], b[1], b[2], kernel, keep, eps, decay, logStd));
            in = out;
        }
        NetSpec spec = new NetSpec(layers);
        if (spec.params() != net.numParams()) {
            throw new UnsupportedOperationException("the engine counts " + spec.params() + " parameters, DL4J "
                    + net.numParams() + ": a layer it does not know how to lay out");
        }
        return spec;
    }

    /** The update rule of a network's updater (every layer must share it). */
    static UpdateRule rule(MultiLayerNetwork net) {
        IUpdater u = null;
        for (var c : net.getLayerWiseConfigurations().getConfs()) {
            if (c.getLayer() instanceof BaseLayer b && b.getIUpdater() != null) {
                if (u != null && !u.equals(b.getIUpdater())) {
                    throw new UnsupportedOperationException("its layers use different optimizers");
                }
                u = b.getIUpdater();
            }
        }
        if (u == null) {
            throw new UnsupportedOperationException("the network has no optimizer");
        }
        if (u.hasLearningRate() && u.getLearningRate(0, 0) != u.getLearningRate(1_000_000, 1000)) {
            throw new UnsupportedOperationException("a learning-rate schedule inside the updater (the engine takes the rate per epoch)");
        }
        return switch (u) {
            case AdaMax a -> new UpdateRule("adamax", a.getLearningRate(), a.getBeta1(), a.getBeta2(), a.getEpsilon(), 0, 0);
            case Adam a -> new UpdateRule("adam", a.getLearningRate(), a.getBeta1(), a.getBeta2(), a.getEpsilon(), 0, 0);
            case AdaBelief a -> new UpdateRule("adabelief", a.getLearningRate(), a.getBeta1(), a.getBeta2(), a.getEpsilon(), 0, 0);
            case Nesterovs n -> new UpdateRule("nesterovs", n.getLearningRate(), 0, 0, 0, n.getMomentum(), 0);
            case RmsProp r -> new UpdateRule("rmsprop", r.getLearningRate(), 0, 0, r.getEpsilon(), 0, r.getRmsDecay());
            default -> throw new UnsupportedOperationException("optimizer " + u.getClass().getSimpleName()
                    + " has no GPU kernel in the cuDNN engine (it has adamax, adam, adabelief, nesterovs, rmsprop)");
        };
    }

    private static double keep(String name, IDropout d) {
        if (d == null) {
            return 1.0;
        }
        if (d instanceof Dropout drop && drop.getPSchedule() == null) {
            return drop.getP();
        }
        throw refuse(name, "plain input dropout");
    }

    private static void relu(String name, BaseLayer layer) {
        if (!(layer.getActivationFn() instanceof ActivationReLU)) {
            throw refuse(name, "a ReLU activation");
        }
    }

    private static UnsupportedOperationException refuse(String layer, String what) {
        return new UnsupportedOperationException("layer '" + layer + "' is not " + what + ", the only kind the cuDNN engine runs");
    }

    private static int[] chw(InputType t) {
        if (t instanceof InputType.InputTypeConvolutional c) {
            return new int[] {(int) c.getChannels(), (int) c.getHeight(), (int) c.getWidth()};
        } else if (t instanceof InputType.InputTypeConvolutionalFlat f) {
            return new int[] {(int) f.getDepth(), (int) f.getHeight(), (int) f.getWidth()};
        } else if (t instanceof InputType.InputTypeFeedForward f) {
            return new int[] {(int) f.getSize(), 1, 1};
        }
        throw new UnsupportedOperationException("input type " + t + " has no GPU kernel");
    }
}
