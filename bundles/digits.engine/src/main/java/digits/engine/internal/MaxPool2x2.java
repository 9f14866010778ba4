package digits.engine.internal;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * 2x2, stride 2 max pooling over NCHW activations and its gradient, for the layers every network
 * of ours has. DL4J hands NCHW pooling to oneDNN's reference kernel, which calls a std::function
 * per output value: the profile of {@code POST /api/predict} under load put 14% of both cores
 * there, more than all the convolutions, and that of training at batch 32 a fifth of the busy
 * time. These loops read each input once, in order. Inference calls {@link #apply}; training
 * runs through {@link MaxPool2x2Layer}, which replaces DL4J's pooling layers.
 */
final class MaxPool2x2 {

    private MaxPool2x2() {}

    /** Whether {@code layer} is a pooling this class computes exactly as DL4J would. */
    static boolean handles(SubsamplingLayer layer) {
        return handles(layer.getPoolingType(), layer.getKernelSize(), layer.getStride(), layer.getPadding(),
                layer.getDilation(), layer.getConvolutionMode(), layer.getCnn2dDataFormat());
    }

    static boolean handles(PoolingType type, int[] kernel, int[] stride, int[] padding, int[] dilation,
            ConvolutionMode mode, CNN2DFormat format) {
        return type == PoolingType.MAX
                && kernel[0] == 2 && kernel[1] == 2 && stride[0] == 2 && stride[1] == 2
                && padding[0] == 0 && padding[1] == 0 && dilation[0] == 1 && dilation[1] == 1
                && mode != ConvolutionMode.Same && format == CNN2DFormat.NCHW;
    }

    /**
     * {@code n x c x h x w} to {@code n x c x h/2 x w/2} (a last odd row or column dropped, as
     * DL4J's truncate mode does), in the current workspace.
     */
    static INDArray apply(INDArray x) {
        long[] s = x.shape();
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, s[0], s[1], s[2] / 2, s[3] / 2);
        pool(x, out);
        return out;
    }

    /** The pooling of {@code x} into {@code out}, a C-ordered {@code n x c x h/2 x w/2} array of its own. */
    static void pool(INDArray x, INDArray out) {
        x = InPlace.cOrdered(x);
        long[] s = x.shape();
        int planes = Math.toIntExact(s[0] * s[1]);
        int h = Math.toIntExact(s[2]);
        int w = Math.toIntExact(s[3]);
        int oh = h / 2;
        int ow = w / 2;
        FloatBuffer in = x.data().asNioFloat();
        FloatBuffer to = out.data().asNioFloat();
        int inOffset = Math.toIntExact(x.offset());
        int outOffset = Math.toIntExact(out.offset());
        float[] row0 = new float[w];
        float[] row1 = new float[w];
        float[] pooled = new float[ow];
        for (int p = 0; p < planes; p++) {
            int plane = inOffset + p * h * w;
            for (int y = 0; y < oh; y++) {
                in.get(plane + 2 * y * w, row0);
                in.get(plane + (2 * y + 1) * w, row1);
                for (int o = 0; o < ow; o++) {
                    pooled[o] = Math.max(Math.max(row0[2 * o], row0[2 * o + 1]), Math.max(row1[2 * o], row1[2 * o + 1]));
                }
                to.put(outOffset + (p * oh + y) * ow, pooled);
            }
        }
    }

    /**
     * The gradient through the pooling of {@code x}: each of {@code epsilon}'s values (the
     * gradient at the pooled {@code n x c x h/2 x w/2}) goes to the position of its window's
     * maximum (the first one in row order on a tie), every other value of {@code grad}, a
     * C-ordered array of {@code x}'s shape of its own, is 0.
     */
    static void unpool(INDArray x, INDArray epsilon, INDArray grad) {
        x = InPlace.cOrdered(x);
        epsilon = InPlace.cOrdered(epsilon);
        long[] s = x.shape();
        int planes = Math.toIntExact(s[0] * s[1]);
        int h = Math.toIntExact(s[2]);
        int w = Math.toIntExact(s[3]);
        int oh = h / 2;
        int ow = w / 2;
        FloatBuffer in = x.data().asNioFloat();
        FloatBuffer eps = epsilon.data().asNioFloat();
        FloatBuffer to = grad.data().asNioFloat();
        int inOffset = Math.toIntExact(x.offset());
        int epsOffset = Math.toIntExact(epsilon.offset());
        int outOffset = Math.toIntExact(grad.offset());
        float[] row0 = new float[w];
        float[] row1 = new float[w];
        float[] e = new float[ow];
        float[] g0 = new float[w];
        float[] g1 = new float[w];
        float[] zeros = new float[w];
        for (int p = 0; p < planes; p++) {
            int plane = inOffset + p * h * w;
            int outPlane = outOffset + p * h * w;
            for (int y = 0; y < oh; y++) {
                in.get(plane + 2 * y * w, row0);
                in.get(plane + (2 * y + 1) * w, row1);
                eps.get(epsOffset + (p * oh + y) * ow, e);
                Arrays.fill(g0, 0f);
                Arrays.fill(g1, 0f);
                for (int o = 0; o < ow; o++) {
                    float a = row0[2 * o];
                    float b = row0[2 * o + 1];
                    float c = row1[2 * o];
                    float d = row1[2 * o + 1];
                    if (a >= b && a >= c && a >= d) {
                        g0[2 * o] = e[o];
                    } else if (b >= c && b >= d) {
                        g0[2 * o + 1] = e[o];
                    } else if (c >= d) {
                        g1[2 * o] = e[o];
                    } else {
                        g1[2 * o + 1] = e[o];
                    }
                }
                to.put(outPlane + 2 * y * w, g0);
                to.put(outPlane + (2 * y + 1) * w, g1);
            }
            if (h % 2 == 1) {
                to.put(outPlane + (h - 1) * w, zeros);
            }
        }
    }
}
