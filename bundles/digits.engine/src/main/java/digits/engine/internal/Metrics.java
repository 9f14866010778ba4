package digits.engine.internal;

/**
 * Classification metrics from predicted probabilities: top-k accuracy, confusion matrix,
 * per-class precision, recall and F1, mean cross-entropy. Shared by validation and evaluation
 * so both count the same way.
 */
final class Metrics {

    final int count;
    final double[] topK = new double[5];
    final int[][] confusion;
    final double[] precision;
    final double[] recall;
    final double[] f1;
    final double loss;

    /**
     * @param probs  {@code n * classes} probabilities, row per image
     * @param labels the true class per image
     */
    Metrics(float[] probs, int[] labels, int classes) {
        count = labels.length;
        confusion = new int[classes][classes];
        precision = new double[classes];
        recall = new double[classes];
        f1 = new double[classes];
        long[] hits = new long[5];
        double lossSum = 0;
        for (int i = 0; i < count; i++) {
            int base = i * classes;
            int label = labels[i];
            float p = probs[base + label];
            // How many classes rank before the true one. A tie goes to the lower class, as the
            // confusion matrix's predicted class is the first maximum: top-1 and the matrix agree.
            int rank = 0;
            int best = 0;
            for (int c = 0; c < classes; c++) {
                if (probs[base + c] > p || (probs[base + c] == p && c < label)) {
                    rank++;
                }
                if (probs[base + c] > probs[base + best]) {
                    best = c;
                }
            }
            for (int k = rank; k < 5; k++) {
                hits[k]++;
            }
            confusion[label][best]++;
            lossSum -= Math.log(Math.max(p, 1e-7f));
        }
        for (int k = 0; k < 5; k++) {
            topK[k] = count == 0 ? 0 : hits[k] / (double) count;
        }
        for (int c = 0; c < classes; c++) {
            int tp = confusion[c][c];
            int predicted = 0;
            int actual = 0;
            for (int o = 0; o < classes; o++) {
                predicted += confusion[o][c];
                actual += confusion[c][o];
            }
            precision[c] = predicted == 0 ? 0 : tp / (double) predicted;
            recall[c] = actual == 0 ? 0 : tp / (double) actual;
            f1[c] = precision[c] + recall[c] == 0 ? 0 : 2 * precision[c] * recall[c] / (precision[c] + recall[c]);
        }
        loss = count == 0 ? Double.NaN : lossSum / count;
    }

    static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return v.length == 0 ? 0 : s / v.length;
    }
}
