package digits.engine.internal;

import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One forward pass that keeps what calibration and "not a digit" need: the logits (before the
 * softmax, so a temperature can divide them) and the features the output layer reads (for a
 * distance to the training digits). The softmax itself is applied in {@link Confidence}.
 */
final class Forward {

    final int count;
    final int featureSize;
    /** {@code count * 10} logits, row per image. */
    final float[] logits;
    /** {@code count * featureSize} inputs of the output layer, row per image. */
    final float[] features;

    private Forward(int count, int featureSize, float[] logits, float[] features) {
        this.count = count;
        this.featureSize = featureSize;
        this.logits = logits;
        this.features = features;
    }

    /** Runs {@code count} images ({@code 784} floats each) through the network, in batches of 500. */
    static Forward of(FeatureNetwork net, float[] rows, int count) {
        int d = (int) net.getLayer(net.getnLayers() - 1).getParam("W").size(0);
        float[] logits = new float[count * 10];
        float[] features = new float[count * d];
        int batch = 500;
        for (int from = 0; from < count; from += batch) {
            int n = Math.min(batch, count - from);
            float[] x = new float[n * Batches.PIXELS];
            System.arraycopy(rows, from * Batches.PIXELS, x, 0, x.length);
            Forward f = of(net, Batches.features(x, n));
            System.arraycopy(f.features, 0, features, from * d, n * d);
            System.arraycopy(f.logits, 0, logits, from * 10, n * 10);
        }
        return new Forward(count, d, logits, features);
    }

    /** One pass over a batch already in an array, {@code n x 784}. */
    static Forward of(FeatureNetwork net, INDArray batch) {
        Layer output = net.getLayer(net.getnLayers() - 1);
        INDArray w = output.getParam("W");
        INDArray b = output.getParam("b");
        INDArray h = net.features(batch);
        INDArray z = h.mmul(w).addiRowVector(b);
        int n = (int) batch.size(0);
        return new Forward(n, (int) w.size(0), z.dup('c').data().asFloat(), h.dup('c').data().asFloat());
    }

    float[] featureRow(int i) {
        float[] f = new float[featureSize];
        System.arraycopy(features, i * featureSize, f, 0, featureSize);
        return f;
    }

    float[] logitRow(int i) {
        float[] z = new float[10];
        System.arraycopy(logits, i * 10, z, 0, 10);
        return z;
    }
}
