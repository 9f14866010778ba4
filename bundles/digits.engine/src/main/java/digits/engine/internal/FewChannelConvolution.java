package digits.engine.internal;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Inference's first convolution, the one on the grayscale image: a handful of weights per
 * output channel, so the arithmetic is small (0.2 M multiply-adds for the deep network's 32
 * channels) and libnd4j's call around oneDNN (a primitive descriptor and three reorders per call,
 * about 0.1 ms) cost ten times oneDNN's kernel. Here, plain loops: each output channel is a sum
 * of shifted input planes, computed over whole rows of the input's width (the last
 * {@code kw - 1} columns of each row are then dropped) so that every inner loop is one long
 * {@code z += w * x}. Each shift is copied out first: C2 vectorises that loop only when both
 * arrays are read from the same index (with an offset it could not rule out that they are one
 * array, and ran 6x slower). Stride 1, no padding; one instance per recognizer lane (its scratch
 * arrays are its own).
 */
final class FewChannelConvolution implements LaneLayer {

    /** Layers with at most this many weights per output channel ({@code in * kh * kw}) are computed here. */
    static final int MAX_TAPS = 27;

    private final int in;
    private final int out;
    private final int kh;
    private final int kw;
    private final float[] weights; // [out][in][kh][kw]
    private final float[] bias;    // [out]
    private final boolean relu;
    private float[] plane = new float[0]; // one input channel, with kw - 1 zeros after it
    private float[][] shifted = new float[0][]; // per input channel and tap, the plane from that tap on
    private float[] sum = new float[0];
    private float[] rows = new float[0];

    private FewChannelConvolution(int in, int out, int kh, int kw, float[] weights, float[] bias, boolean relu) {
        this.in = in;
        this.out = out;
        this.kh = kh;
        this.kw = kw;
        this.weights = weights;
        this.bias = bias;
        this.relu = relu;
    }

    /** The layer computed here, or null when it is not a small stride-1, unpadded NCHW convolution with a ReLU or no activation. */
    static FewChannelConvolution of(Layer layer) {
        ConvolutionLayer c = LaneLayer.plainConvolution(layer);
        if (c == null) {
            return null;
        }
        INDArray w = layer.getParam("W");
        int[] s = c.getStride(), p = c.getPadding(), d = c.getDilation();
        if (w.size(1) * w.size(2) * w.size(3) > MAX_TAPS || c.getConvolutionMode() == ConvolutionMode.Same
                || s[0] != 1 || s[1] != 1 || p[0] != 0 || p[1] != 0 || d[0] != 1 || d[1] != 1) {
            return null;
        }
        int out = Math.toIntExact(w.size(0));
        float[] b = c.hasBias() ? layer.getParam("b").dup('c').data().asFloat() : new float[out];
        return new FewChannelConvolution(Math.toIntExact(w.size(1)), out, Math.toIntExact(w.size(2)),
                Math.toIntExact(w.size(3)), w.dup('c').data().asFloat(), b, LaneLayer.isRelu(c.getActivationFn()));
    }

    /** The same layer for another lane: the same weights, scratch arrays of its own. */
    @Override
    public FewChannelConvolution forAnotherLane() {
        return new FewChannelConvolution(in, out, kh, kw, weights, bias, relu);
    }

    /** {@code n x in x h x w} to {@code n x out x (h - kh + 1) x (w - kw + 1)}. */
    @Override
    public long[] outputShape(long[] s) {
        return new long[] {s[0], out, s[2] - kh + 1, s[3] - kw + 1};
    }

    @Override
    public void apply(INDArray x, INDArray result) {
        x = InPlace.cOrdered(x);
        long[] s = x.shape();
        int n = Math.toIntExact(s[0]), h = Math.toIntExact(s[2]), w = Math.toIntExact(s[3]);
        int oh = h - kh + 1, ow = w - kw + 1;
        InPlace.Floats from = InPlace.Floats.of(x);
        InPlace.Floats to = InPlace.Floats.of(result);
        int taps = in * kh * kw;
        scratch(h * w + kw - 1, taps, oh * w, oh * ow);
        for (int image = 0; image < n; image++) {
            for (int c = 0; c < in; c++) {
                from.get((image * in + c) * h * w, plane, h * w);
                for (int y = 0; y < kh; y++) {
                    for (int k = 0; k < kw; k++) {
                        System.arraycopy(plane, y * w + k, shifted[(c * kh + y) * kw + k], 0, oh * w);
                    }
                }
            }
            for (int o = 0; o < out; o++) {
                java.util.Arrays.fill(sum, bias[o]);
                for (int t = 0; t < taps; t++) {
                    axpy(sum, weights[o * taps + t], shifted[t]);
                }
                for (int y = 0; y < oh; y++) {
                    for (int k = 0; k < ow; k++) {
                        float v = sum[y * w + k];
                        rows[y * ow + k] = relu ? Math.max(v, 0f) : v;
                    }
                }
                to.put((image * out + o) * oh * ow, rows, oh * ow);
            }
        }
    }

    /** {@code z += a * x} over all of {@code z}. */
    private static void axpy(float[] z, float a, float[] x) {
        for (int p = 0; p < z.length; p++) {
            z[p] += a * x[p];
        }
    }

    private void scratch(int planeLength, int taps, int sumLength, int rowsLength) {
        if (plane.length != planeLength) {
            plane = new float[planeLength]; // the kw - 1 after the plane stay 0
        }
        if (sum.length != sumLength) {
            sum = new float[sumLength];
            shifted = new float[taps][sumLength];
        }
        if (rows.length < rowsLength) {
            rows = new float[rowsLength];
        }
    }
}
