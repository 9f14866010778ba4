package digits.api;

/**
 * How well predicted confidences match accuracy: the top-class confidence of every image is put
 * into one of {@code bins} equal bins over [0, 1]; a calibrated recognizer is right in each bin
 * as often as it says.
 *
 * @param ece        expected calibration error: the image-weighted mean |accuracy - confidence| over the bins
 * @param nll        mean negative log-likelihood of the true class
 * @param counts     images per bin
 * @param confidence mean top-class confidence per bin (NaN where empty)
 * @param accuracy   accuracy per bin (NaN where empty)
 */
public record Reliability(double ece, double nll, int[] counts, double[] confidence, double[] accuracy) {

    /** The number of bins the workbench uses, as in Guo et al. (2017). */
    public static final int BINS = 15;

    public Reliability {
        counts = counts.clone();
        confidence = confidence.clone();
        accuracy = accuracy.clone();
    }

    @Override
    public int[] counts() {
        return counts.clone();
    }

    @Override
    public double[] confidence() {
        return confidence.clone();
    }

    @Override
    public double[] accuracy() {
        return accuracy.clone();
    }

    /**
     * Measures it from predictions.
     *
     * @param probs  {@code n * classes} probabilities, row per image
     * @param labels the true class per image
     */
    public static Reliability of(float[] probs, int[] labels, int classes) {
        int n = labels.length;
        int[] counts = new int[BINS];
        double[] conf = new double[BINS];
        double[] hits = new double[BINS];
        double nll = 0;
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (probs[i * classes + c] > probs[i * classes + best]) {
                    best = c;
                }
            }
            float p = probs[i * classes + best];
            int bin = Math.min(BINS - 1, (int) (p * BINS));
            counts[bin]++;
            conf[bin] += p;
            hits[bin] += best == labels[i] ? 1 : 0;
            nll -= Math.log(Math.max(probs[i * classes + labels[i]], 1e-12f));
        }
        double ece = 0;
        for (int b = 0; b < BINS; b++) {
            if (counts[b] == 0) {
                conf[b] = Double.NaN;
                hits[b] = Double.NaN;
                continue;
            }
            conf[b] /= counts[b];
            hits[b] /= counts[b];
            ece += counts[b] / (double) n * Math.abs(hits[b] - conf[b]);
        }
        return new Reliability(n == 0 ? Double.NaN : ece, n == 0 ? Double.NaN : nll / n, counts, conf, hits);
    }
}
