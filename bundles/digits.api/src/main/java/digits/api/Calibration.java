package digits.api;

/**
 * How far a model's answers can be trusted, fitted on held-out images and stored with the model.
 *
 * <p>Recognition divides the network's logits by {@code temperature} before the softmax
 * (temperature scaling), so a 90% answer is right about nine times in ten. An input whose
 * {@code oodScore} falls below {@code oodThreshold} is reported as not a digit.
 *
 * @param temperature  the softmax temperature; 1 leaves the network's probabilities as they are
 * @param oodScore     the out-of-distribution score used: {@code mahalanobis}, {@code energy} or
 *                     {@code max-probability} (higher means more like the training digits)
 * @param oodThreshold inputs scoring below it are not digits; negative infinity flags nothing
 * @param eceBefore    expected calibration error (15 bins) on the held-out images at temperature 1
 * @param eceAfter     the same at {@code temperature}
 * @param nllBefore    mean negative log-likelihood on the held-out images at temperature 1
 * @param nllAfter     the same at {@code temperature}
 * @param heldOut      what the values were measured on, e.g. {@code mnist/validation (6000 images)}
 */
public record Calibration(double temperature, String oodScore, double oodThreshold, double eceBefore, double eceAfter,
        double nllBefore, double nllAfter, String heldOut) {

    /** What an uncalibrated model gets: its own probabilities, nothing flagged. */
    public static final Calibration NONE = new Calibration(1, "max-probability", Double.NEGATIVE_INFINITY, Double.NaN,
            Double.NaN, Double.NaN, Double.NaN, "");

    public Calibration {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be positive, got " + temperature);
        }
    }

    /** Whether anything was fitted (else recognition uses the network's own probabilities). */
    public boolean fitted() {
        return !heldOut.isEmpty();
    }
}
