package digits.engine.internal;

import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One forward pass that keeps what calibration and "not a digit" need: the logits (before the
 * softmax, so a temperature can divide them) and what the probed hidden layers see (for distances
 * to the training digits, {@link FeatureNetwork#features}). The softmax itself is applied in
 * {@link Confidence}.
 */
final class Forward {

    final int count;
    /** {@code count * 10} logits, row per image. */
    final float[] logits;
    /** Per probed layer, {@code count * sizes[k]} features, row per image; the output layer's input last. */
    final float[][] layers;
    final int[] sizes;

    private Forward(int count, float[] logits, float[][] layers, int[] sizes) {
        this.count = count;
        this.logits = logits;
        this.layers = layers;
        this.sizes = sizes;
    }

    /** Runs {@code count} images ({@code 784} floats each) through the network, in batches of 500. */
    static Forward of(FeatureNetwork net, float[] rows, int count) {
        float[] logits = new float[count * 10];
        float[][] layers = null;
        int[] sizes = null;
        int batch = 500;
        for (int from = 0; from < count; from += batch) {
            int n = Math.min(batch, count - from);
            float[] x = new float[n * Batches.PIXELS];
            System.arraycopy(rows, from * Batches.PIXELS, x, 0, x.length);
            INDArray in = Batches.features(x, n);
            Forward f = of(net, in);
            in.close();
            if (layers == null) {
                sizes = f.sizes;
                layers = new float[sizes.length][];
                for (int k = 0; k < sizes.length; k++) {
                    layers[k] = new float[count * sizes[k]];
                }
            }
            for (int k = 0; k < sizes.length; k++) {
                System.arraycopy(f.layers[k], 0, layers[k], from * sizes[k], n * sizes[k]);
            }
            System.arraycopy(f.logits, 0, logits, from * 10, n * 10);
        }
        return new Forward(count, logits, layers == null ? new float[0][] : layers, sizes == null ? new int[0] : sizes);
    }

    /** One pass over a batch already in an array, {@code n x 784}. */
    static Forward of(FeatureNetwork net, INDArray batch) {
        Layer output = net.getLayer(net.getnLayers() - 1);
        INDArray w = output.getParam("W");
        INDArray b = output.getParam("b");
        List<INDArray> probed = net.features(batch);
        int n = (int) batch.size(0);
        float[][] layers = new float[probed.size()][];
        int[] sizes = new int[probed.size()];
        for (int k = 0; k < layers.length; k++) {
            sizes[k] = (int) probed.get(k).size(1);
            layers[k] = probed.get(k).dup('c').data().asFloat();
        }
        INDArray h = probed.get(probed.size() - 1);
        INDArray z = h.mmul(w).addiRowVector(b);
        float[] logits = z.dup('c').data().asFloat();
        z.close();
        probed.forEach(INDArray::close);
        return new Forward(n, logits, layers, sizes);
    }

    /** Image {@code i}'s features at probed layer {@code k}. */
    float[] featureRow(int k, int i) {
        float[] f = new float[sizes[k]];
        System.arraycopy(layers[k], i * sizes[k], f, 0, sizes[k]);
        return f;
    }

    /** Image {@code i}'s features at the output layer's input. */
    float[] featureRow(int i) {
        return featureRow(layers.length - 1, i);
    }

    float[] logitRow(int i) {
        float[] z = new float[10];
        System.arraycopy(logits, i * 10, z, 0, 10);
        return z;
    }
}
