package digits.api;

/**
 * How the learning rate changes over epochs.
 *
 * @param kind         {@code constant}, {@code step} (multiply by {@code factor} every {@code every} epochs),
 *                     {@code exponential} (multiply by {@code factor} each epoch) or {@code cosine}
 *                     (from the base rate down to {@code factor} times it over the run)
 * @param factor       the multiplier (or the final fraction for cosine)
 * @param every        epochs between steps, for {@code step}
 * @param warmupEpochs epochs of linear warm-up from a tenth of the rate, 0 for none
 */
public record LearningRateSchedule(String kind, double factor, int every, int warmupEpochs) {

    public static final LearningRateSchedule CONSTANT = new LearningRateSchedule("constant", 1, 1, 0);

    /** The multiplier of the base learning rate for a zero-based epoch of a run of {@code epochs}. */
    public double multiplier(int epoch, int epochs) {
        double m = switch (kind) {
            case "step" -> Math.pow(factor, epoch / Math.max(1, every));
            case "exponential" -> Math.pow(factor, epoch);
            case "cosine" -> factor + (1 - factor) * 0.5 * (1 + Math.cos(Math.PI * epoch / Math.max(1, epochs)));
            default -> 1;
        };
        if (warmupEpochs > 0 && epoch < warmupEpochs) {
            m *= 0.1 + 0.9 * epoch / (double) warmupEpochs;
        }
        return m;
    }
}
