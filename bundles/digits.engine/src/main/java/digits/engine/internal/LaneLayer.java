package digits.engine.internal;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer of a served network computed outside DL4J's layer objects ({@link FeatureNetwork}):
 * for the few images of a served batch DL4J's per-call bookkeeping cost as much as the layer's
 * arithmetic, or more. An instance may keep scratch state, so each recognizer lane has its own.
 */
interface LaneLayer {

    /**
     * Batches up to this size are computed by lane layers; larger ones (an evaluation's hundreds)
     * by DL4J's layers, whose bookkeeping then costs little and whose ops use every OpenMP thread
     * where these loops use one.
     */
    int MAX_BATCH = 32;

    /** The shape of the layer's output for an input of shape {@code in}. */
    long[] outputShape(long[] in);

    /** The layer's output for {@code x} into {@code out}, a C-ordered array of {@link #outputShape} of its own. */
    void apply(INDArray x, INDArray out);

    /** The same layer on the same weights for another lane. */
    LaneLayer forAnotherLane();

    /** Whether it computes {@code n} images faster than DL4J's layer does: up to {@link #MAX_BATCH} unless it says less. */
    default boolean handles(long n) {
        return n <= MAX_BATCH;
    }

    /** The layer {@code i} of {@code net} as a lane layer, or null where DL4J's own layer runs. */
    static LaneLayer of(MultiLayerNetwork net, int i) {
        var layer = net.getLayer(i);
        LaneLayer l = FewChannelConvolution.of(layer);
        if (l == null) {
            l = OneDnnConvolution.of(layer);
        }
        if (l == null) {
            l = SmallBatchDense.of(layer);
        }
        return l != null ? l : ChannelAffine.of(net, i);
    }

    /** True for a plain ReLU (no cap, threshold or slope), false for none, null for any other activation. */
    static Boolean isRelu(IActivation fn) {
        if (fn instanceof ActivationReLU r && r.getMax() == null && (r.getThreshold() == null || r.getThreshold() == 0)
                && (r.getNegativeSlope() == null || r.getNegativeSlope() == 0)) {
            return true;
        }
        return fn instanceof ActivationIdentity ? false : null;
    }

    /** {@code layer}'s configuration when it is a plain NCHW convolution (not a subclass) with a ReLU or none, else null. */
    static ConvolutionLayer plainConvolution(Layer layer) {
        if (layer.conf().getLayer().getClass() != ConvolutionLayer.class) {
            return null;
        }
        ConvolutionLayer c = (ConvolutionLayer) layer.conf().getLayer();
        var w = layer.getParam("W");
        return isRelu(c.getActivationFn()) != null && c.getCnn2dDataFormat() == CNN2DFormat.NCHW
                && c.getConvolutionMode() != ConvolutionMode.Causal && w != null && w.rank() == 4 ? c : null;
    }
}
