package digits.api;

import java.util.Map;

/**
 * Everything a training run needs. Build one with {@link #builder(String)} (every default of
 * {@link TrainingPolicy}) or change one with {@link #toBuilder()}:
 * {@code TrainingRequest.builder("mnist").epochs(3).batchSize(64).build()}.
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

    /** A builder holding {@link #defaults(String) the defaults} of a run on the dataset. */
    public static Builder builder(String datasetId) {
        return defaults(datasetId).toBuilder();
    }

    /** A builder holding this request's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** @deprecated use {@code toBuilder().modelName(v).build()} */
    @Deprecated
    public TrainingRequest withModelName(String v) {
        return toBuilder().modelName(v).build();
    }

    /** @deprecated use {@code toBuilder().architecture(v).build()} */
    @Deprecated
    public TrainingRequest withArchitecture(String v) {
        return toBuilder().architecture(v).build();
    }

    /** @deprecated use {@code toBuilder().epochs(v).build()} */
    @Deprecated
    public TrainingRequest withEpochs(int v) {
        return toBuilder().epochs(v).build();
    }

    /** @deprecated use {@code toBuilder().batchSize(v).build()} */
    @Deprecated
    public TrainingRequest withBatchSize(int v) {
        return toBuilder().batchSize(v).build();
    }

    /** @deprecated use {@code toBuilder().validationFraction(v).build()} */
    @Deprecated
    public TrainingRequest withValidationFraction(double v) {
        return toBuilder().validationFraction(v).build();
    }

    /** @deprecated use {@code toBuilder().seed(v).build()} */
    @Deprecated
    public TrainingRequest withSeed(long v) {
        return toBuilder().seed(v).build();
    }

    /** @deprecated use {@code toBuilder().augmentation(v).build()} */
    @Deprecated
    public TrainingRequest withAugmentation(Augmentation v) {
        return toBuilder().augmentation(v).build();
    }

    /** @deprecated use {@code toBuilder().earlyStopping(v).build()} */
    @Deprecated
    public TrainingRequest withEarlyStopping(EarlyStopping v) {
        return toBuilder().earlyStopping(v).build();
    }

    /** @deprecated use {@code toBuilder().schedule(v).build()} */
    @Deprecated
    public TrainingRequest withSchedule(LearningRateSchedule v) {
        return toBuilder().schedule(v).build();
    }

    /** @deprecated use {@code toBuilder().initialModel(v).build()} */
    @Deprecated
    public TrainingRequest withInitialModel(String v) {
        return toBuilder().initialModel(v).build();
    }

    /** @deprecated use {@code toBuilder().trainLimit(v).build()} */
    @Deprecated
    public TrainingRequest withTrainLimit(int v) {
        return toBuilder().trainLimit(v).build();
    }

    /** @deprecated use {@code toBuilder().optimizer(id, values).build()} */
    @Deprecated
    public TrainingRequest withOptimizer(String id, Map<String, Double> values) {
        return toBuilder().optimizer(id, values).build();
    }

    /** The values of a request being put together; {@link #build()} checks them. */
    public static final class Builder {
        private String modelName;
        private String datasetId;
        private String architecture;
        private String optimizerId;
        private Map<String, Double> hyperParameters;
        private int epochs;
        private int batchSize;
        private double validationFraction;
        private long seed;
        private Augmentation augmentation;
        private EarlyStopping earlyStopping;
        private LearningRateSchedule schedule;
        private int trainLimit;
        private String initialModel;

        private Builder(TrainingRequest r) {
            modelName = r.modelName;
            datasetId = r.datasetId;
            architecture = r.architecture;
            optimizerId = r.optimizerId;
            hyperParameters = r.hyperParameters;
            epochs = r.epochs;
            batchSize = r.batchSize;
            validationFraction = r.validationFraction;
            seed = r.seed;
            augmentation = r.augmentation;
            earlyStopping = r.earlyStopping;
            schedule = r.schedule;
            trainLimit = r.trainLimit;
            initialModel = r.initialModel;
        }

        public Builder modelName(String v) {
            modelName = v;
            return this;
        }

        public Builder datasetId(String v) {
            datasetId = v;
            return this;
        }

        public Builder architecture(String v) {
            architecture = v;
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

        public Builder validationFraction(double v) {
            validationFraction = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder augmentation(Augmentation v) {
            augmentation = v;
            return this;
        }

        public Builder earlyStopping(EarlyStopping v) {
            earlyStopping = v;
            return this;
        }

        public Builder schedule(LearningRateSchedule v) {
            schedule = v;
            return this;
        }

        /** At most this many training images (0 = all). */
        public Builder trainLimit(int v) {
            trainLimit = v;
            return this;
        }

        /** Starts from a stored model's weights instead of a fresh network (its architecture wins); "" for none. */
        public Builder initialModel(String v) {
            initialModel = v;
            return this;
        }

        /** The optimizer and values for its hyper-parameters (missing ones take its defaults). */
        public Builder optimizer(String id, Map<String, Double> values) {
            optimizerId = id;
            hyperParameters = values;
            return this;
        }

        /** @throws IllegalArgumentException for epochs or batch size below 1, or a validation fraction outside [0, 1) */
        public TrainingRequest build() {
            return new TrainingRequest(modelName, datasetId, architecture, optimizerId, hyperParameters, epochs,
                    batchSize, validationFraction, seed, augmentation, earlyStopping, schedule, trainLimit, initialModel);
        }
    }
}
