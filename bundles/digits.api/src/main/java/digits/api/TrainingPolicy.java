package digits.api;

import java.util.List;

/**
 * The one source of the workbench's training policy: the defaults of a new run (the shell's
 * options, the UI's fields and {@link TrainingRequest#defaults(String)} read them here), the
 * learning-rate schedule presets, the early-stopping threshold, the GPU preset and the command
 * line that reproduces a run.
 */
public final class TrainingPolicy {

    public static final String ARCHITECTURE = "reference";
    public static final String OPTIMIZER = "adamax";
    public static final int EPOCHS = 10;
    /** The reference's batch, on the CPU. */
    public static final int CPU_BATCH = 32;
    /** On a GPU small batches leave it idle. */
    public static final int GPU_BATCH = 256;
    /** 0.15 = an 85/15 split of the training images, as the reference. */
    public static final double VALIDATION_FRACTION = 0.15;
    public static final long SEED = 42;
    /**
     * The smallest drop of validation loss that counts as an improvement for early stopping (and
     * for keeping a new best model): below it an epoch is noise.
     */
    public static final double EARLY_STOPPING_MIN_DELTA = 1e-4;
    /** The schedule presets, by name: {@link #schedule(String)}. */
    public static final List<String> SCHEDULES = List.of("constant", "step", "exponential", "cosine");

    private TrainingPolicy() {}

    /** The request of a run on a dataset with every default. */
    public static TrainingRequest defaults(String datasetId) {
        return new TrainingRequest(datasetId + "-" + ARCHITECTURE, datasetId, ARCHITECTURE, OPTIMIZER,
                java.util.Map.of(), EPOCHS, CPU_BATCH, VALIDATION_FRACTION, SEED, Augmentation.NONE,
                EarlyStopping.OFF, LearningRateSchedule.CONSTANT, 0, "");
    }

    /** Early stopping after {@code patience} epochs without improvement (0 = off). */
    public static EarlyStopping earlyStopping(int patience) {
        return patience > 0 ? new EarlyStopping(patience, EARLY_STOPPING_MIN_DELTA) : EarlyStopping.OFF;
    }

    /**
     * A schedule preset: {@code constant}; {@code step} halves the rate every 5 epochs;
     * {@code exponential} multiplies it by 0.85 each epoch; {@code cosine} anneals it to 5%.
     *
     * @throws IllegalArgumentException for another name; the message lists the presets
     */
    public static LearningRateSchedule schedule(String name) {
        return switch (name) {
            case "constant" -> LearningRateSchedule.CONSTANT;
            case "step" -> new LearningRateSchedule("step", 0.5, 5, 0);
            case "exponential" -> new LearningRateSchedule("exponential", 0.85, 1, 0);
            case "cosine" -> new LearningRateSchedule("cosine", 0.05, 1, 0);
            default -> throw new IllegalArgumentException("unknown schedule '" + name + "'; known: "
                    + String.join(", ", SCHEDULES));
        };
    }

    /**
     * Training settings for the backend in use. On a GPU the preset takes batch 256 with the
     * learning rate scaled by the square root of the batch ratio (the rule that keeps adaptive
     * optimizers stable) and one epoch of warm-up. On the CPU, batch 32 as the reference. A batch
     * or learning rate the user gives always wins.
     *
     * @param applies      whether the GPU preset is in force
     * @param batch        the batch size to use
     * @param learningRate the learning rate to use (when {@code applies})
     */
    public record GpuPreset(boolean applies, int batch, double learningRate) {

        /**
         * @param requestedBatch 0 when the user gave none
         * @param requestedRate  0 when the user gave none
         * @param optimizer      the optimizer of the run (its default rate is scaled), or null
         */
        public static GpuPreset forBackend(BackendInfo backend, int requestedBatch, double requestedRate,
                OptimizerDescription optimizer) {
            boolean gpu = "CUDA".equals(backend.backend());
            if (!gpu || requestedBatch > 0 || requestedRate > 0 || optimizer == null) {
                return new GpuPreset(false, requestedBatch > 0 ? requestedBatch : CPU_BATCH, requestedRate);
            }
            double base = optimizer.hyperParameters().stream().filter(h -> h.name().equals("learningRate"))
                    .mapToDouble(HyperParameter::defaultValue).findFirst().orElse(0.001);
            return new GpuPreset(true, GPU_BATCH, base * Math.sqrt(GPU_BATCH / (double) CPU_BATCH));
        }

        /** The schedule with the preset's epoch of warm-up, when it applies. */
        public LearningRateSchedule warmUp(LearningRateSchedule s) {
            return applies ? new LearningRateSchedule(s.kind(), s.factor(), s.every(), 1) : s;
        }

        public String describe() {
            return String.format("batch %d, learning rate %.4g (scaled by sqrt(%d/%d)), 1 epoch of warm-up", batch,
                    learningRate, GPU_BATCH, CPU_BATCH);
        }
    }

    /**
     * The {@code ./digits train} command line that reproduces a run: every setting that differs
     * from the defaults above, and always the ones that identify it.
     *
     * @param architecture the network trained (a fine-tuned run's is its initial model's)
     */
    public static String command(TrainingRequest request, String architecture) {
        StringBuilder sb = new StringBuilder("./digits train ").append(request.datasetId())
                .append(" --name ").append(request.modelName())
                .append(request.initialModel().isEmpty() ? " --architecture " + architecture : "")
                .append(" --optimizer ").append(request.optimizerId())
                .append(" --epochs ").append(request.epochs())
                .append(" --batch ").append(request.batchSize())
                .append(" --seed ").append(request.seed());
        request.hyperParameters().forEach((k, v) -> sb.append(" --").append(k).append(' ').append(v));
        if (request.augmentation().enabled()) {
            sb.append(" --augment");
        }
        if (request.earlyStopping().enabled()) {
            sb.append(" --patience ").append(request.earlyStopping().patience());
        }
        if (!"constant".equals(request.schedule().kind())) {
            sb.append(" --schedule ").append(request.schedule().kind());
        }
        if (request.trainLimit() > 0) {
            sb.append(" --limit ").append(request.trainLimit());
        }
        if (!request.initialModel().isEmpty()) {
            sb.append(" --from ").append(request.initialModel());
        }
        if (request.validationFraction() != VALIDATION_FRACTION) {
            sb.append(" --validation ").append(request.validationFraction());
        }
        return sb.toString();
    }
}
