package digits.api;

import java.util.Map;

/**
 * Everything a training run needs. Build one from {@link #defaults(String)} and the
 * {@code with...} methods.
 *
 * @param modelName          the name the trained model is stored under in the model store
 * @param datasetId          a {@link DatasetProvider#id()}
 * @param architecture       a network the engine knows, e.g. {@code reference} or {@code bn}
 * @param optimizerId        an optimizer service's id, e.g. {@code adamax}
 * @param hyperParameters    values for the optimizer's hyper-parameters; missing ones take defaults
 * @param epochs             passes over the training images
 * @param batchSize          images per update
 * @param validationFraction share of the training images held out for validation (0.15 = 85/15)
 * @param seed               seeds the split, the initialisation, shuffling and augmentation
 * @param augmentation       random distortions of the training images
 * @param earlyStopping      when to stop before {@code epochs}
 * @param schedule           learning-rate schedule
 * @param trainLimit         use at most this many training images (0 = all); for quick runs and tests
 * @param initialModel       a stored model whose weights the run starts from (fine-tuning, e.g. to
 *                           the user's drawings); empty for a freshly initialised network
 */
public record TrainingRequest(String modelName, String datasetId, String architecture, String optimizerId,
        Map<String, Double> hyperParameters, int epochs, int batchSize, double validationFraction, long seed,
        Augmentation augmentation, EarlyStopping earlyStopping, LearningRateSchedule schedule, int trainLimit,
        String initialModel) {

    public TrainingRequest {
        initialModel = initialModel == null ? "" : initialModel;
        hyperParameters = Map.copyOf(hyperParameters);
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (validationFraction < 0 || validationFraction >= 1) {
            throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + validationFraction);
        }
    }

    /** The reference's settings: the reference CNN, Adamax, batch 32, 85/15 split, no augmentation. */
    public static TrainingRequest defaults(String datasetId) {
        return TrainingPolicy.defaults(datasetId);
    }

    public TrainingRequest withModelName(String v) {
        return new TrainingRequest(v, datasetId, architecture, optimizerId, hyperParameters, epochs, batchSize,
                validationFraction, seed, augmentation, earlyStopping, schedule, trainLimit, initialModel);
    }

    public TrainingRequest withArchitecture(String v) {
        return new TrainingRequest(modelName, datasetId, v, optimizerId, hyperParameters, epochs, batchSize,
                validationFraction, seed, augmentation, earlyStopping, schedule, trainLimit, initialModel);
    }

    public TrainingRequest withOptimizer(String id, Map<String, Double> values) {
        return new TrainingRequest(modelName, datasetId, architecture, id, values, epochs, batchSize,
                validationFraction, seed, augmentation, earlyStopping, schedule, trainLimit, initialModel);
    }

    public TrainingRequest withEpochs(int v) {
        return new TrainingRequest(modelName, datasetId, architecture, optimizerId, hyperParameters, v, batchSize,
                validationFraction, seed, augmentation, earlyStopping, schedule, trainLimit, initialModel);
    }

    public TrainingRequest withBatchSize(int v) {
        return new TrainingRequest(modelName, datasetId, architecture, optimizerId, hyperParameters, epochs, v,
                validationFraction, seed, augmentation, earlyStopping, schedule, trainLimit, initialModel);
    }

    public TrainingRequest withValidationFraction(double v) {
        return new TrainingRequest(modelName, datasetId, architecture, optimizerId, hyperParameters, epochs,
                batchSize, v, seed, augmentation, earlyStopping, schedule, trainLimit, initialModel);
    }

    public TrainingRequest withSeed(long v) {
        return new TrainingRequest(modelName, datasetId, architecture, optimizerId, hyperParameters, epochs,
                batchSize, validationFraction, v, augmentation, earlyStopping, schedule, trainLimit, initialModel);
    }

    public TrainingRequest withAugmentation(Augmentation v) {
        return new TrainingRequest(modelName, datasetId, architecture, optimizerId, hyperParameters, epochs,
                batchSize, validationFraction, seed, v, earlyStopping, schedule, trainLimit, initialModel);
    }

    public TrainingRequest withEarlyStopping(EarlyStopping v) {
        return new TrainingRequest(modelName, datasetId, architecture, optimizerId, hyperParameters, epochs,
                batchSize, validationFraction, seed, augmentation, v, schedule, trainLimit, initialModel);
    }

    public TrainingRequest withSchedule(LearningRateSchedule v) {
        return new TrainingRequest(modelName, datasetId, architecture, optimizerId, hyperParameters, epochs,
                batchSize, validationFraction, seed, augmentation, earlyStopping, v, trainLimit, initialModel);
    }

    /** Starts from a stored model's weights instead of a fresh network (its architecture wins). */
    public TrainingRequest withInitialModel(String v) {
        return new TrainingRequest(modelName, datasetId, architecture, optimizerId, hyperParameters, epochs,
                batchSize, validationFraction, seed, augmentation, earlyStopping, schedule, trainLimit, v);
    }

    public TrainingRequest withTrainLimit(int v) {
        return new TrainingRequest(modelName, datasetId, architecture, optimizerId, hyperParameters, epochs,
                batchSize, validationFraction, seed, augmentation, earlyStopping, schedule, v, initialModel);
    }
}
