package digits.api;

import java.util.List;
import java.util.Map;

/**
 * A stored model's metadata, kept as JSON beside the model file.
 *
 * @param name            the model's name in the store (its file is {@code NAME.zip})
 * @param architecture    the network, e.g. {@code reference}
 * @param datasetId       what it was trained on
 * @param datasetChecksum SHA-256 of that dataset's files
 * @param optimizerId     the optimizer used
 * @param hyperParameters the optimizer's values
 * @param epochs          epochs trained
 * @param batchSize       batch size
 * @param augmentation    augmentation used
 * @param testAccuracy    top-1 accuracy on the test set (NaN if not measured)
 * @param testTop3        top-3 accuracy on the test set (NaN if not measured)
 * @param parameters      number of trainable parameters
 * @param created         ISO-8601 instant
 * @param command         the command that reproduces it, if known
 * @param history         per-epoch metrics
 * @param calibration     temperature and "not a digit" threshold; null for a model never calibrated
 */
public record ModelInfo(String name, String architecture, String datasetId, String datasetChecksum,
        String optimizerId, Map<String, Double> hyperParameters, int epochs, int batchSize,
        Augmentation augmentation, double testAccuracy, double testTop3, long parameters, String created,
        String command, List<EpochMetrics> history, Calibration calibration) {

    public ModelInfo {
        hyperParameters = hyperParameters == null ? Map.of() : Map.copyOf(hyperParameters);
        history = history == null ? List.of() : List.copyOf(history);
    }

    /** A model not calibrated (yet). */
    public ModelInfo(String name, String architecture, String datasetId, String datasetChecksum, String optimizerId,
            Map<String, Double> hyperParameters, int epochs, int batchSize, Augmentation augmentation,
            double testAccuracy, double testTop3, long parameters, String created, String command,
            List<EpochMetrics> history) {
        this(name, architecture, datasetId, datasetChecksum, optimizerId, hyperParameters, epochs, batchSize,
                augmentation, testAccuracy, testTop3, parameters, created, command, history, null);
    }

    /** The calibration, or {@link Calibration#NONE} for a model never calibrated. */
    public Calibration calibrationOrNone() {
        return calibration == null ? Calibration.NONE : calibration;
    }

    public ModelInfo withCalibration(Calibration c) {
        return new ModelInfo(name, architecture, datasetId, datasetChecksum, optimizerId, hyperParameters, epochs,
                batchSize, augmentation, testAccuracy, testTop3, parameters, created, command, history, c);
    }

    public ModelInfo withTestMetrics(double accuracy, double top3) {
        return new ModelInfo(name, architecture, datasetId, datasetChecksum, optimizerId, hyperParameters, epochs,
                batchSize, augmentation, accuracy, top3, parameters, created, command, history, calibration);
    }

    public ModelInfo withName(String newName) {
        return new ModelInfo(newName, architecture, datasetId, datasetChecksum, optimizerId, hyperParameters, epochs,
                batchSize, augmentation, testAccuracy, testTop3, parameters, created, command, history, calibration);
    }
}
