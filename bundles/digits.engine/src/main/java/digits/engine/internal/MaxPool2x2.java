package digits.engine.internal;

import digits.engine.internal.InPlace.Floats;
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
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, pooledShape(x));
        pool(x, out);
        return out;
    }

    /** {@code x}'s shape pooled: {@code n x c x h/2 x w/2}, a last odd row or column dropped. */
    static long[] pooledShape(INDArray x) {
        long[] s = x.shape();
        return new long[] {s[0], s[1], s[2] / 2, s[3] / 2};
    }

    /** The pooling of {@code x} into {@code out}, a C-ordered {@code n x c x h/2 x w/2} array of its own. */
    static void pool(INDArray x, INDArray out) {
        x = InPlace.cOrdered(x);
        Planes s = Planes.of(x);
        Floats from = Floats.of(x);
        Floats to = Floats.of(out);
        // a plane at a time: a bulk copy per row cost more than the row's arithmetic
        float[] in = new float[s.area()];
        float[] pooled = new float[s.pooledArea()];
        int w = s.w();
        int ow = w / 2;
        for (int p = 0; p < s.count(); p++) {
            from.get(p * s.area(), in);
            for (int y = 0; y < s.h() / 2; y++) {
                int r0 = 2 * y * w;
                int r1 = r0 + w;
                int o = y * ow;
                for (int k = 0; k < ow; k++) {
                    pooled[o + k] = Math.max(Math.max(in[r0 + 2 * k], in[r0 + 2 * k + 1]), Math.max(in[r1 + 2 * k], in[r1 + 2 * k + 1]));
                }
            }
            to.put(p * s.pooledArea(), pooled);
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
        Planes s = Planes.of(x);
        Floats from = Floats.of(x);
        Floats eps = Floats.of(epsilon);
        Floats to = Floats.of(grad);
        float[] in = new float[s.area()];
        float[] e = new float[s.pooledArea()];
        float[] g = new float[s.area()]; // an odd last row or column is never written: it stays 0
        int w = s.w();
        int ow = w / 2;
        for (int p = 0; p < s.count(); p++) {
            from.get(p * s.area(), in);
            eps.get(p * s.pooledArea(), e);
            for (int y = 0; y < s.h() / 2; y++) {
                int r0 = 2 * y * w;
                int r1 = r0 + w;
                int o = y * ow;
                for (int k = 0; k < ow; k++) {
                    float a = in[r0 + 2 * k];
                    float b = in[r0 + 2 * k + 1];
                    float c = in[r1 + 2 * k];
                    float d = in[r1 + 2 * k + 1];
                    float m = Math.max(Math.max(a, b), Math.max(c, d));
                    // Masks, not branches: which of the four is the maximum is as good as
                    // random, and a float select compiles to a jump (an int one to a cmov).
                    int isA = a == m ? -1 : 0;
                    int isB = ~isA & (b == m ? -1 : 0);
                    int isC = ~(isA | isB) & (c == m ? -1 : 0);
                    int isD = ~(isA | isB | isC);
                    int v = Float.floatToRawIntBits(e[o + k]);
                    g[r0 + 2 * k] = Float.intBitsToFloat(v & isA);
                    g[r0 + 2 * k + 1] = Float.intBitsToFloat(v & isB);
                    g[r1 + 2 * k] = Float.intBitsToFloat(v & isC);
                    g[r1 + 2 * k + 1] = Float.intBitsToFloat(v & isD);
                }
            }
            to.put(p * s.area(), g);
        }
    }

    /** {@code count} planes of {@code h x w} values, one after another: an NCHW array's images and channels. */
    private record Planes(int count, int h, int w) {
        static Planes of(INDArray x) {
            long[] s = x.shape();
            return new Planes(Math.toIntExact(s[0] * s[1]), Math.toIntExact(s[2]), Math.toIntExact(s[3]));
        }

        int area() {
            return h * w;
        }

        int pooledArea() {
            return (h / 2) * (w / 2);
        }
    }
}
