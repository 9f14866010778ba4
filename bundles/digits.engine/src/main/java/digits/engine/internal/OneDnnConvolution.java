package digits.engine.internal;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inference's convolution layer: libnd4j's conv2d op (oneDNN's kernel) called straight on the
 * layer's weights with an op context of its own, then the ReLU in place. DL4J's layer object
 * does the same arithmetic through its oneDNN helper, but for one image its bookkeeping around
 * the op (validation, a new op and array objects, the activation as a second op) cost about as
 * much again as the op itself. One instance per recognizer lane: the context is not shared.
 */
final class OneDnnConvolution implements LaneLayer {

    private final INDArray weights; // [out, in, kh, kw], the layer's own
    private final INDArray bias;    // [out], or null
    private final Conv2DConfig config;
    private final boolean relu;
    private final Conv2D op;
    private final OpContext context;
    private float[] block = new float[0]; // the ReLU's, reused: one lane's instance runs one pass at a time

    private OneDnnConvolution(INDArray weights, INDArray bias, Conv2DConfig config, boolean relu) {
        this.weights = weights;
        this.bias = bias;
        this.config = config;
        this.relu = relu;
        INDArray[] args = bias == null ? new INDArray[] {weights} : new INDArray[] {weights, bias};
        this.op = new Conv2D(args, null, config);
        this.context = Nd4j.getExecutioner().buildContext();
        context.setIArguments(op.iArgs());
    }

    /** The layer computed here, or null when it is not a plain NCHW convolution with a ReLU or no activation. */
    static OneDnnConvolution of(Layer layer) {
        ConvolutionLayer c = LaneLayer.plainConvolution(layer);
        if (c == null) {
            return null;
        }
        INDArray w = layer.getParam("W");
        int[] k = c.getKernelSize(), s = c.getStride(), p = c.getPadding(), d = c.getDilation();
        boolean same = c.getConvolutionMode() == ConvolutionMode.Same;
        Conv2DConfig config = Conv2DConfig.builder().kH(k[0]).kW(k[1]).sH(s[0]).sW(s[1])
                .pH(same ? 0 : p[0]).pW(same ? 0 : p[1]).dH(d[0]).dW(d[1])
                .paddingMode(same ? PaddingMode.SAME : PaddingMode.VALID)
                .dataFormat(Conv2DConfig.NCHW).weightsFormat(WeightsFormat.OIYX).build();
        INDArray b = c.hasBias() ? layer.getParam("b").reshape(w.size(0)) : null;
        return new OneDnnConvolution(InPlace.cOrdered(w), b, config, LaneLayer.isRelu(c.getActivationFn()));
    }

    /** The same layer for another lane: the same weights, a context of its own. */
    @Override
    public OneDnnConvolution forAnotherLane() {
        return new OneDnnConvolution(weights, bias, config, relu);
    }

    /** {@code n x in x h x w} to {@code n x out x oh x ow}. */
    @Override
    public long[] outputShape(long[] s) {
        return new long[] {s[0], weights.size(0),
                outputSize(s[2], config.getKH(), config.getSH(), config.getPH(), config.getDH()),
                outputSize(s[3], config.getKW(), config.getSW(), config.getPW(), config.getDW())};
    }

    @Override
    public void apply(INDArray x, INDArray out) {
        x = InPlace.cOrdered(x);
        context.setInputArrays(bias == null ? new INDArray[] {x, weights} : new INDArray[] {x, weights, bias});
        context.setOutputArrays(out);
        Nd4j.exec(op, context);
        if (relu) {
            reluInPlace(out);
        }
    }

    private long outputSize(long in, long kernel, long stride, long pad, long dilation) {
        if (config.getPaddingMode() == PaddingMode.SAME) {
            return (in + stride - 1) / stride;
        }
        return (in + 2 * pad - (dilation * (kernel - 1) + 1)) / stride + 1;
    }

    /** max(x, 0) over a C-ordered array of its own, a block at a time (an ND4J op per layer cost more). */
    private void reluInPlace(INDArray a) {
        InPlace.Floats data = InPlace.Floats.of(a);
        int length = Math.toIntExact(a.length());
        if (block.length < Math.min(length, 4096)) {
            block = new float[Math.min(length, 4096)];
        }
        for (int from = 0; from < length; from += block.length) {
            int n = Math.min(block.length, length - from);
            data.get(from, block, n);
            for (int i = 0; i < n; i++) {
                block[i] = Math.max(block[i], 0f);
            }
            data.put(from, block, n);
        }
    }
}
