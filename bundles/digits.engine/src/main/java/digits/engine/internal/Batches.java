package digits.engine.internal;

import digits.api.LabelledImages;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Images held once as float rows in [0, 1] (ink 1.0), from which batches are cut without
 * per-example merging: the whole set is converted when a run starts.
 */
final class Batches {

    static final int PIXELS = 28 * 28;
    final float[] features;
    final int[] labels;
    final int count;

    Batches(LabelledImages images) {
        if (images.rows() != 28 || images.cols() != 28) {
            throw new IllegalArgumentException(images.name() + " holds " + images.rows() + "x" + images.cols()
                    + " images; the networks take 28x28");
        }
        count = images.count();
        features = new float[count * PIXELS];
        byte[] px = images.pixels();
        for (int i = 0; i < features.length; i++) {
            features[i] = (px[i] & 0xff) / 255f;
        }
        labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = images.label(i);
        }
    }

    /** Copies the images at {@code order[from..to)} into {@code dst} (row per image). */
    void gather(int[] order, int from, int to, float[] dst) {
        for (int i = from; i < to; i++) {
            System.arraycopy(features, order[i] * PIXELS, dst, (i - from) * PIXELS, PIXELS);
        }
    }

    static INDArray features(float[] rows, int n) {
        return Nd4j.create(rows, new long[] {n, PIXELS}, 'c');
    }

    static INDArray oneHot(int[] labels, int[] order, int from, int to) {
        float[] y = new float[(to - from) * 10];
        for (int i = from; i < to; i++) {
            y[(i - from) * 10 + labels[order == null ? i : order[i]]] = 1f;
        }
        return Nd4j.create(y, new long[] {to - from, 10}, 'c');
    }

    /** Probabilities for every image, in batches of {@code batch} to bound memory. */
    static float[] predict(org.deeplearning4j.nn.multilayer.MultiLayerNetwork net, float[] features, int count, int batch) {
        float[] out = new float[count * 10];
        float[] buf = new float[Math.min(batch, Math.max(count, 1)) * PIXELS];
        for (int from = 0; from < count; from += batch) {
            int n = Math.min(batch, count - from);
            float[] rows = n == buf.length / PIXELS ? buf : new float[n * PIXELS];
            System.arraycopy(features, from * PIXELS, rows, 0, n * PIXELS);
            INDArray p = net.output(features(rows, n), false);
            float[] probs = p.dup('c').data().asFloat();
            System.arraycopy(probs, 0, out, from * 10, n * 10);
        }
        return out;
    }
}
