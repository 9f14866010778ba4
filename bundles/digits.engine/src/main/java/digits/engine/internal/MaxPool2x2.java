package digits.engine.internal;

import java.nio.FloatBuffer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inference's 2x2, stride 2 max pooling over NCHW activations, for the layers every network of
 * ours has. DL4J hands NCHW pooling to oneDNN's reference kernel, which calls a std::function per
 * output value: the profile of {@code POST /api/predict} under load put 14% of both cores there,
 * more than all the convolutions. This loop reads each input once, in order.
 */
final class MaxPool2x2 {

    private MaxPool2x2() {}

    /** Whether {@code layer} is a pooling this class computes exactly as DL4J would. */
    static boolean handles(SubsamplingLayer layer) {
        return layer.getPoolingType() == PoolingType.MAX
                && layer.getKernelSize()[0] == 2 && layer.getKernelSize()[1] == 2
                && layer.getStride()[0] == 2 && layer.getStride()[1] == 2
                && layer.getPadding()[0] == 0 && layer.getPadding()[1] == 0
                && layer.getDilation()[0] == 1 && layer.getDilation()[1] == 1
                && layer.getConvolutionMode() != ConvolutionMode.Same
                && layer.getCnn2dDataFormat() == CNN2DFormat.NCHW;
    }

    /**
     * {@code n x c x h x w} to {@code n x c x h/2 x w/2} (a last odd row or column dropped, as
     * DL4J's truncate mode does); {@code x} in C order.
     */
    static INDArray apply(INDArray x) {
        x = InPlace.cOrdered(x);
        long[] s = x.shape();
        int planes = Math.toIntExact(s[0] * s[1]);
        int h = Math.toIntExact(s[2]);
        int w = Math.toIntExact(s[3]);
        int oh = h / 2;
        int ow = w / 2;
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, s[0], s[1], oh, ow);
        FloatBuffer in = x.data().asNioFloat();
        FloatBuffer to = out.data().asNioFloat();
        int inOffset = Math.toIntExact(x.offset());
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
                to.put((p * oh + y) * ow, pooled);
            }
        }
        return out;
    }
}
