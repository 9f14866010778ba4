package digits.extras.knn.internal;

import digits.api.GrayImage;
import digits.api.LabelledImages;

/**
 * Labelled images kept as 14x14 features, and the distance-weighted vote of the k nearest of
 * them (Euclidean distance) for an input.
 *
 * <p>Why 14x14: each feature is the sum of a 2x2 block of 8-bit pixels, so a comparison costs a
 * quarter of the 28x28 one (196 multiply-adds), and the slight blur makes k-NN tolerant of
 * strokes a pixel off; on a validation slice of the training images it was as accurate as
 * 28x28. The sums (0..1020) fit in a {@code short}, and the dot products stay exact in an
 * {@code int} (at most 196 * 1020^2), a loop the JIT vectorizes.
 */
final class KnnIndex {

    static final int SIDE = 14;
    static final int DIMS = SIDE * SIDE;
    /** Added to each normalized vote, so no class is ever certain to be wrong. */
    static final float SMOOTHING = 0.002f;

    private final short[] features;
    private final long[] norms;
    private final byte[] labels;
    private final int count;
    private final int classes;
    private final int k;

    private KnnIndex(short[] features, long[] norms, byte[] labels, int classes, int k) {
        this.features = features;
        this.norms = norms;
        this.labels = labels;
        this.count = labels.length;
        this.classes = classes;
        this.k = k;
    }

    /** The first {@code limit} images (all when fewer) as an index voting with {@code k} neighbours. */
    static KnnIndex of(LabelledImages images, int limit, int classes, int k) {
        if (images.rows() != GrayImage.MODEL_SIDE || images.cols() != GrayImage.MODEL_SIDE) {
            throw new IllegalArgumentException(images.name() + ": expected 28x28 images, got "
                    + images.cols() + "x" + images.rows());
        }
        int n = Math.min(limit, images.count());
        if (n < k) {
            throw new IllegalArgumentException(images.name() + ": " + n + " images, fewer than k = " + k);
        }
        short[] features = new short[n * DIMS];
        long[] norms = new long[n];
        byte[] labels = new byte[n];
        byte[] pixels = images.pixels();
        int[] block = new int[DIMS];
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(block, 0);
            int offset = i * GrayImage.MODEL_SIDE * GrayImage.MODEL_SIDE;
            for (int y = 0; y < GrayImage.MODEL_SIDE; y++) {
                for (int x = 0; x < GrayImage.MODEL_SIDE; x++) {
                    block[(y >> 1) * SIDE + (x >> 1)] += pixels[offset + y * GrayImage.MODEL_SIDE + x] & 0xff;
                }
            }
            norms[i] = store(block, features, i * DIMS);
            labels[i] = (byte) images.label(i);
        }
        return new KnnIndex(features, norms, labels, classes, k);
    }

    int size() {
        return count;
    }

    int k() {
        return k;
    }

    /** One probability per class: the neighbours' votes, weighted by 1/distance, normalized and smoothed. */
    float[] probabilities(GrayImage input) {
        if (!input.isModelInput()) {
            throw new IllegalArgumentException("expected a 28x28 input, got " + input.width() + "x" + input.height());
        }
        int[] block = new int[DIMS];
        for (int y = 0; y < GrayImage.MODEL_SIDE; y++) {
            for (int x = 0; x < GrayImage.MODEL_SIDE; x++) {
                float v = Math.clamp(input.at(x, y), 0f, 1f);
                block[(y >> 1) * SIDE + (x >> 1)] += Math.round(v * 255);
            }
        }
        short[] q = new short[DIMS];
        long queryNorm = store(block, q, 0);

        long[] bestDistance = new long[k];
        int[] bestIndex = new int[k];
        java.util.Arrays.fill(bestDistance, Long.MAX_VALUE);
        for (int i = 0; i < count; i++) {
            int base = i * DIMS;
            int dot = 0;
            for (int j = 0; j < DIMS; j++) {
                dot += q[j] * features[base + j];
            }
            long d = queryNorm + norms[i] - 2L * dot;
            if (d < bestDistance[k - 1]) {
                int at = k - 1;
                while (at > 0 && bestDistance[at - 1] > d) {
                    bestDistance[at] = bestDistance[at - 1];
                    bestIndex[at] = bestIndex[at - 1];
                    at--;
                }
                bestDistance[at] = d;
                bestIndex[at] = i;
            }
        }

        float[] votes = new float[classes];
        double total = 0;
        for (int n = 0; n < k; n++) {
            // +1 (in units of a 2x2 sum) only keeps an exact duplicate from dividing by zero.
            double w = 1 / (Math.sqrt(bestDistance[n]) + 1);
            votes[labels[bestIndex[n]]] += (float) w;
            total += w;
        }
        for (int c = 0; c < classes; c++) {
            votes[c] = (float) ((votes[c] / total + SMOOTHING) / (1 + classes * SMOOTHING));
        }
        return votes;
    }

    /** Copies the block sums into {@code out} at {@code offset} and returns their squared norm. */
    private static long store(int[] block, short[] out, int offset) {
        long norm = 0;
        for (int j = 0; j < DIMS; j++) {
            out[offset + j] = (short) block[j];
            norm += (long) block[j] * block[j];
        }
        return norm;
    }
}
