package digits.engine.internal;

import digits.api.Calibration;
import digits.api.Prediction;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place where a network's raw answer becomes the workbench's: logits divided by the
 * model's temperature, then the softmax; the out-of-distribution score compared with the model's
 * threshold. Every recognition path (one image, a batch) goes through {@link #predictions}.
 */
final class Confidence {

    static final String MAX_PROBABILITY = "max-probability";
    static final String ENERGY = "energy";
    /** The output layer's input only: models calibrated before the ensemble. */
    static final String MAHALANOBIS = "mahalanobis";
    /** Several layers' distances summed ({@link FeatureEnsemble}). */
    static final String MAHALANOBIS_LAYERS = "mahalanobis-layers";

    private final Calibration calibration;
    private final FeatureStats stats;
    private final FeatureEnsemble ensemble;

    /**
     * @param stats    an older model's one-layer feature statistics; null when the score needs none
     * @param ensemble the training digits' feature ensemble; null when the score needs none
     */
    Confidence(Calibration calibration, FeatureStats stats, FeatureEnsemble ensemble) {
        this.calibration = calibration;
        this.stats = stats;
        this.ensemble = ensemble;
        if (calibration.fitted() && (MAHALANOBIS.equals(calibration.oodScore()) && stats == null
                || MAHALANOBIS_LAYERS.equals(calibration.oodScore()) && ensemble == null)) {
            throw new IllegalArgumentException("a " + calibration.oodScore() + " threshold needs the feature statistics,"
                    + " and the model file has none");
        }
    }

    /** Whether the score reads every probed layer, not only the output layer's input. */
    boolean needsAllLayers() {
        return MAHALANOBIS_LAYERS.equals(calibration.oodScore());
    }

    List<Prediction> predictions(Forward f, String recognizerId, long latencyNanos) {
        List<Prediction> out = new ArrayList<>(f.count);
        for (int i = 0; i < f.count; i++) {
            float[] z = f.logitRow(i);
            double score = score(calibration.oodScore(), z, f, i, calibration.temperature(), stats, ensemble);
            out.add(new Prediction(softmax(z, calibration.temperature()), recognizerId, latencyNanos,
                    score < calibration.oodThreshold()));
        }
        return out;
    }

    /** Calibrated probabilities for every image, row per image. */
    static float[] probabilities(Forward f, double temperature) {
        float[] out = new float[f.count * 10];
        for (int i = 0; i < f.count; i++) {
            System.arraycopy(softmax(f.logitRow(i), temperature), 0, out, i * 10, 10);
        }
        return out;
    }

    static float[] softmax(float[] z, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : z) {
            max = Math.max(max, v / temperature);
        }
        double sum = 0;
        double[] e = new double[z.length];
        for (int c = 0; c < z.length; c++) {
            e[c] = Math.exp(z[c] / temperature - max);
            sum += e[c];
        }
        float[] p = new float[z.length];
        for (int c = 0; c < z.length; c++) {
            p[c] = (float) (e[c] / sum);
        }
        return p;
    }

    /** log sum exp(z / T), computed without overflow. */
    static double logSumExp(float[] z, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : z) {
            max = Math.max(max, v / temperature);
        }
        double sum = 0;
        for (float v : z) {
            sum += Math.exp(v / temperature - max);
        }
        return max + Math.log(sum);
    }

    /** How much image {@code i} looks like the training digits: higher is more digit-like. */
    static double score(String kind, float[] z, Forward f, int i, double temperature, FeatureStats stats,
            FeatureEnsemble ensemble) {
        return switch (kind) {
            case MAX_PROBABILITY -> {
                float best = 0;
                for (float p : softmax(z, temperature)) {
                    best = Math.max(best, p);
                }
                yield best;
            }
            // The negative free energy, T log sum exp(z / T) (Liu et al., 2020).
            case ENERGY -> temperature * logSumExp(z, temperature);
            case MAHALANOBIS -> -stats.distance(f.featureRow(i));
            case MAHALANOBIS_LAYERS -> ensemble.score(f, i);
            default -> throw new IllegalArgumentException("unknown out-of-distribution score '" + kind + "'");
        };
    }
}
