package digits.api;

import java.util.List;
import java.util.Map;

/**
 * A stored model's metadata, kept as JSON beside the model file. Make one with {@link #builder(String)}
 * and change one with {@link #toBuilder()}: {@code info.toBuilder().epochs(3).build()}.
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
        return toBuilder().calibration(c).build();
    }

    public ModelInfo withTestMetrics(double accuracy, double top3) {
        return toBuilder().testAccuracy(accuracy).testTop3(top3).build();
    }

    public ModelInfo withName(String newName) {
        return toBuilder().name(newName).build();
    }

    /** A builder for a model of that name: test metrics NaN (not measured), everything else empty or 0. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A builder holding this model's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The values of a model's metadata being put together. */
    public static final class Builder {
        private String name;
        private String architecture = "";
        private String datasetId = "";
        private String datasetChecksum = "";
        private String optimizerId = "";
        private Map<String, Double> hyperParameters;
        private int epochs;
        private int batchSize;
        private Augmentation augmentation = Augmentation.NONE;
        private double testAccuracy = Double.NaN;
        private double testTop3 = Double.NaN;
        private long parameters;
        private String created = "";
        private String command = "";
        private List<EpochMetrics> history;
        private Calibration calibration;

        private Builder(String name) {
            this.name = name;
        }

        private Builder(ModelInfo m) {
            name = m.name;
            architecture = m.architecture;
            datasetId = m.datasetId;
            datasetChecksum = m.datasetChecksum;
            optimizerId = m.optimizerId;
            hyperParameters = m.hyperParameters;
            epochs = m.epochs;
            batchSize = m.batchSize;
            augmentation = m.augmentation;
            testAccuracy = m.testAccuracy;
            testTop3 = m.testTop3;
            parameters = m.parameters;
            created = m.created;
            command = m.command;
            history = m.history;
            calibration = m.calibration;
        }

        public Builder name(String v) {
            name = v;
            return this;
        }

        public Builder architecture(String v) {
            architecture = v;
            return this;
        }

        public Builder datasetId(String v) {
            datasetId = v;
            return this;
        }

        public Builder datasetChecksum(String v) {
            datasetChecksum = v;
            return this;
        }

        public Builder optimizerId(String v) {
            optimizerId = v;
            return this;
        }

        public Builder hyperParameters(Map<String, Double> v) {
            hyperParameters = v;
            return this;
        }

        public Builder epochs(int v) {
            epochs = v;
            return this;
        }

        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        public Builder augmentation(Augmentation v) {
            augmentation = v;
            return this;
        }

        public Builder testAccuracy(double v) {
            testAccuracy = v;
            return this;
        }

        public Builder testTop3(double v) {
            testTop3 = v;
            return this;
        }

        public Builder parameters(long v) {
            parameters = v;
            return this;
        }

        public Builder created(String v) {
            created = v;
            return this;
        }

        public Builder command(String v) {
            command = v;
            return this;
        }

        public Builder history(List<EpochMetrics> v) {
            history = v;
            return this;
        }

        public Builder calibration(Calibration v) {
            calibration = v;
            return this;
        }

        public ModelInfo build() {
            return new ModelInfo(name, architecture, datasetId, datasetChecksum, optimizerId, hyperParameters, epochs,
                    batchSize, augmentation, testAccuracy, testTop3, parameters, created, command, history, calibration);
        }
    }
}
