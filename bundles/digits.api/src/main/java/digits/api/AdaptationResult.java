package digits.api;

import java.util.Locale;

/**
 * What an adaptation did, in the figures the shell prints and the Teach panel shows. Accuracies
 * are fractions; NaN where nothing was measured (no image held out).
 *
 * @param modelName      the adapted model, stored
 * @param fromModel      the model it started from
 * @param source         where the writer's images came from
 * @param adaptImages    the writer's images trained on
 * @param heldOutImages  the writer's images held out
 * @param heldOutBefore  accuracy of {@code fromModel} on the held-out images
 * @param heldOutAfter   accuracy of the adapted model on them
 * @param replayDatasetId the dataset replayed and tested on (mnist)
 * @param testBefore     {@code fromModel}'s accuracy on that dataset's test images
 * @param testAfter      the adapted model's accuracy on them
 * @param millis         how long it took
 */
public record AdaptationResult(String modelName, String fromModel, String source, int adaptImages, int heldOutImages,
        double heldOutBefore, double heldOutAfter, String replayDatasetId, double testBefore, double testAfter,
        long millis) {

    /** The figures in a few lines a person reads. */
    public String summary() {
        return String.format(Locale.ROOT, "adapted %s to %s as %s in %.0f s (%d images adapted on, %d held out)%n"
                + "held-out images of the writer: %s before, %s after%n"
                + "%s test images: %s before, %s after", fromModel, source, modelName, millis / 1000.0, adaptImages,
                heldOutImages, percent(heldOutBefore), percent(heldOutAfter), replayDatasetId, percent(testBefore),
                percent(testAfter));
    }

    public static String percent(double fraction) {
        return Double.isNaN(fraction) ? "not measured" : String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }
}
