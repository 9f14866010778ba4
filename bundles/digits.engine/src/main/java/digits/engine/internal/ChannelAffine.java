package digits.engine.internal;

import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Inference's batch normalisation where {@link BatchNormFolding} kept it (the one feeding the
 * output layer, whose output the "not a digit" statistics describe): {@code y = a x + b} per
 * channel in plain loops. DL4J's layer spent about 0.17 ms on the deep network's 256 features
 * of one image, a sixth of the pass.
 */
final class ChannelAffine implements LaneLayer {

    private final float[] scale;
    private final float[] shift;

    private ChannelAffine(float[][] ab) {
        this.scale = ab[0];
        this.shift = ab[1];
    }

    /** Layer {@code i} of {@code net} as its per-channel map, or null when it is not a batch normalisation. */
    static ChannelAffine of(MultiLayerNetwork net, int i) {
        if (i == 0 || !(net.getLayerWiseConfigurations().getConf(i).getLayer() instanceof BatchNormalization)) {
            return null;
        }
        return new ChannelAffine(BatchNormFolding.affine(net, i));
    }

    /** Stateless: every lane can share it. */
    @Override
    public ChannelAffine forAnotherLane() {
        return this;
    }

    /** {@code n x c} or {@code n x c x h x w}, mapped per channel: the same shape. */
    @Override
    public long[] outputShape(long[] in) {
        return in.clone();
    }

    @Override
    public void apply(INDArray x, INDArray out) {
        x = InPlace.cOrdered(x);
        int channels = scale.length;
        int area = Math.toIntExact(x.length() / (x.size(0) * channels));
        InPlace.Floats from = InPlace.Floats.of(x);
        InPlace.Floats to = InPlace.Floats.of(out);
        float[] plane = new float[area];
        for (int p = 0, planes = Math.toIntExact(x.size(0) * channels); p < planes; p++) {
            if (area == 1) {
                to.put(p, from.get(p) * scale[p % channels] + shift[p % channels]);
                continue;
            }
            from.get(p * area, plane);
            float a = scale[p % channels];
            float b = shift[p % channels];
            for (int k = 0; k < area; k++) {
                plane[k] = plane[k] * a + b;
            }
            to.put(p * area, plane);
        }
    }
}
