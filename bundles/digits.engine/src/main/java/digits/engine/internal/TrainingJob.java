package digits.engine.internal;

import digits.api.Calibration;
import digits.api.Calibrator;
import digits.api.BatchProgress;
import digits.api.DatasetProvider;
import digits.api.EpochMetrics;
import digits.api.LabelledImages;
import digits.api.ModelException;
import digits.api.ModelInfo;
import digits.api.ModelStore;
import digits.api.TrainingListener;
import digits.api.TrainingOutcome;
import digits.api.TrainingPolicy;
import digits.api.TrainingOutcome.State;
import digits.api.TrainingRequest;
import digits.api.TrainingRun;
import digits.api.engine.Optimizer;
import digits.engine.accelerator.TrainingAccelerator;
import digits.preprocess.Augmenter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training run on its own thread: pre-batched data, per-batch and per-epoch events, a
 * checkpoint (network and updater state) each epoch, the best model kept in the store, early
 * stopping, and a clean end when stopped or when its optimizer goes away.
 */
final class TrainingJob implements TrainingRun, Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingJob.class);
    /** Images whose accuracy stands for the training accuracy of an epoch (inference mode). */
    private static final int TRAIN_ACCURACY_SAMPLE = 5000;

    private final TrainingRequest request;
    private final DatasetProvider dataset;
    private final Optimizer optimizer;
    private final ModelStore store;
    private final Calibrator calibrator;
    private final TrainingListener listener;
    private final RunState resumeFrom;
    /** Where the training steps may run instead of DL4J on the CPU, or null. */
    private final TrainingAccelerator accelerator;
    private final List<EpochMetrics> history = new CopyOnWriteArrayList<>();
    private final CompletableFuture<TrainingOutcome> completion = new CompletableFuture<>();
    private volatile boolean stopRequested;
    private volatile String abortReason;
    /** The network's architecture: the request's, or the initial model's when fine-tuning. */
    private String architecture;

    TrainingJob(TrainingRequest request, DatasetProvider dataset, Optimizer optimizer, ModelStore store,
            Calibrator calibrator, TrainingListener listener, RunState resumeFrom, TrainingAccelerator accelerator) {
        this.request = request;
        this.calibrator = calibrator;
        this.dataset = dataset;
        this.optimizer = optimizer;
        this.store = store;
        this.listener = new SafeListener(listener);
        this.resumeFrom = resumeFrom;
        this.accelerator = accelerator;
        this.architecture = request.architecture();
    }

    @Override
    public TrainingRequest request() {
        return request;
    }

    @Override
    public void stop() {
        stopRequested = true;
    }

    /** Ends the run as if stopped, with a reason (its optimizer was uninstalled, say). */
    void abort(String reason) {
        abortReason = reason;
        stopRequested = true;
    }

    String optimizerId() {
        return optimizer.id();
    }

    @Override
    public CompletionStage<TrainingOutcome> completion() {
        return completion;
    }

    @Override
    public List<EpochMetrics> history() {
        return List.copyOf(history);
    }

    @Override
    public void run() {
        TrainingOutcome outcome;
        try {
            outcome = train();
        } catch (Throwable e) {
            LOG.error("Training {} failed", request.modelName(), e);
            outcome = new TrainingOutcome(State.FAILED, "", "", "training failed: " + e, history);
        }
        listener.onFinished(outcome);
        completion.complete(outcome);
    }

    /** Copies the stored updater state into the fine-tune's when both are the same updater over the same parameters. */
    private static boolean continueUpdaterState(MultiLayerNetwork initial, MultiLayerNetwork net,
            org.nd4j.linalg.learning.config.IUpdater updater) {
        if (!(initial.getLayerWiseConfigurations().getConf(0).getLayer() instanceof org.deeplearning4j.nn.conf.layers.BaseLayer b)
                || b.getIUpdater() == null || b.getIUpdater().getClass() != updater.getClass()
                || initial.getUpdater(false) == null || initial.getUpdater(false).getStateViewArray() == null) {
            return false;
        }
        org.nd4j.linalg.api.ndarray.INDArray from = initial.getUpdater(false).getStateViewArray();
        org.nd4j.linalg.api.ndarray.INDArray to = net.getUpdater(true).getStateViewArray();
        if (to == null || to.length() != from.length()) {
            return false;
        }
        to.assign(from);
        net.setIterationCount(initial.getIterationCount());
        return true;
    }

    private TrainingOutcome train() throws Exception {
        long started = System.currentTimeMillis();
        Path work = Files.createDirectories(store.workDirectory(request.modelName()));
        Path checkpoint = work.resolve(RunState.CHECKPOINT);
        String checksum = dataset.checksum();

        LabelledImages all = dataset.train();
        int[][] split = split(all.count(), request.seed(), request.validationFraction(), request.trainLimit());
        Batches train = new Batches(all.select(dataset.id() + "/train", split[0]));
        Batches validation = new Batches(all.select(dataset.id() + "/validation", split[1]));
        listener.onStart(request, train.count, validation.count);

        Start start = resumeFrom != null ? resume(checkpoint)
                : !request.initialModel().isEmpty() ? fineTune() : fresh();
        MultiLayerNetwork net = start.net();
        MaxPool2x2Layer.installIn(net);
        double baseRate = optimizer.resolve(request.hyperParameters()).values().iterator().next();
        Augmenter augmenter = request.augmentation().enabled()
                ? new Augmenter(request.augmentation(), request.seed()) : null;

        float[] rows = new float[request.batchSize() * Batches.PIXELS];
        try (TrainingAccelerator.Steps device = openAccelerator(net)) {
            return epochs(net, device, train, validation, augmenter, baseRate, start.firstEpoch(), start.best(),
                    start.stale(), rows, checkpoint, work, checksum, started);
        }
    }

    /** The network a run trains, where its epochs start, and the early-stopping state it starts with. */
    private record Start(MultiLayerNetwork net, int firstEpoch, double best, int stale) {}

    /** The checkpoint's network and updater state, and the run's history and early-stopping state. */
    private Start resume(Path checkpoint) throws ModelException {
        MultiLayerNetwork net = ModelFiles.load(checkpoint, true);
        history.addAll(resumeFrom.history());
        int firstEpoch = history.size();
        listener.onMessage("resumed " + request.modelName() + " at epoch " + (firstEpoch + 1) + ", iteration "
                + net.getIterationCount() + ", with its updater state restored from " + checkpoint.getFileName());
        return new Start(net, firstEpoch, resumeFrom.bestValidationLoss(), resumeFrom.epochsWithoutImprovement());
    }

    /**
     * Fine-tuning: the stored weights with this run's optimizer; its updater state too when the
     * stored model carries one of the same kind (an imported Keras Adamax or Adam state).
     */
    private Start fineTune() throws ModelException {
        MultiLayerNetwork initial = ModelFiles.load(store.modelFile(request.initialModel()), true);
        org.nd4j.linalg.learning.config.IUpdater updater = optimizer.createUpdater(request.hyperParameters());
        MultiLayerNetwork net = new TransferLearning.Builder(initial).fineTuneConfiguration(new FineTuneConfiguration.Builder()
                .updater(updater).seed(request.seed()).build()).build();
        architecture = store.find(request.initialModel()).map(ModelInfo::architecture).orElse(architecture);
        listener.onMessage("starting from the weights of model '" + request.initialModel() + "' (" + architecture + ")"
                + (continueUpdaterState(initial, net, updater) ? ", continuing its " + updater.getClass().getSimpleName()
                        + " state at iteration " + net.getIterationCount() : ", with a fresh updater state"));
        return new Start(net, 0, Double.POSITIVE_INFINITY, 0);
    }

    /** A freshly initialised network of the request's architecture. */
    private Start fresh() {
        MultiLayerNetwork net = new MultiLayerNetwork(Networks.build(request.architecture(),
                optimizer.createUpdater(request.hyperParameters()), request.seed()));
        net.init();
        return new Start(net, 0, Double.POSITIVE_INFINITY, 0);
    }

    /** The accelerator's steps for this network, or null (none present, or it cannot: the reason is shown). */
    private TrainingAccelerator.Steps openAccelerator(MultiLayerNetwork net) {
        if (accelerator == null) {
            return null;
        }
        try {
            TrainingAccelerator.Steps steps = accelerator.open(net, request.batchSize(), request.seed());
            listener.onMessage("training steps on " + accelerator.description());
            return steps;
        } catch (UnsupportedOperationException e) {
            listener.onMessage("the GPU engine cannot train this run: " + e.getMessage() + "; training on the CPU");
            return null;
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("The GPU engine failed to start", e);
            listener.onMessage("the GPU engine failed to start (" + e + "); training on the CPU");
            return null;
        }
    }

    private TrainingOutcome epochs(MultiLayerNetwork net, TrainingAccelerator.Steps device, Batches train,
            Batches validation, Augmenter augmenter, double baseRate, int firstEpoch, double best, int stale,
            float[] rows, Path checkpoint, Path work, String checksum, long started) throws Exception {
        int batch = request.batchSize();
        int batchesPerEpoch = (train.count + batch - 1) / batch;
        int[] batchLabels = new int[batch];
        State state = State.COMPLETED;
        String message = "";
        boolean savedAny = resumeFrom != null && store.find(request.modelName()).isPresent();

        for (int epoch = firstEpoch; epoch < request.epochs(); epoch++) {
            double rate = baseRate * request.schedule().multiplier(epoch, request.epochs());
            net.setLearningRate(rate);
            if (device != null) {
                device.setLearningRate(rate);
            }
            Pass pass = pass(epoch, net, device, train, augmenter, rows, batchLabels, batchesPerEpoch);
            double lossSum = pass.lossSum();
            int batches = pass.batches();
            if (device != null) {
                double last = device.finish();
                lossSum += Double.isNaN(last) ? 0 : last;
                device.copyTo(net);
            }
            if (stopRequested && batches < batchesPerEpoch) {
                // An interrupted epoch has no fair validation; keep its weights in the checkpoint.
                writeCheckpoint(net, checkpoint, work, best, stale, checksum);
                if (!savedAny) {
                    saveModel(net, checksum, started);
                    savedAny = true;
                }
                state = abortReason == null ? State.STOPPED : State.FAILED;
                message = stopped("during epoch " + (epoch + 1));
                break;
            }
            Metrics val = new Metrics(Batches.predict(net, validation.features, validation.count, 1000),
                    validation.labels, 10);
            int sample = Math.min(TRAIN_ACCURACY_SAMPLE, train.count);
            Metrics trainSample = new Metrics(Batches.predict(net, train.features, sample, 1000),
                    java.util.Arrays.copyOf(train.labels, sample), 10);
            long elapsed = System.currentTimeMillis() - started;
            int done = epoch + 1 - firstEpoch;
            long eta = (elapsed / done) * (request.epochs() - epoch - 1);
            EpochMetrics m = new EpochMetrics(epoch, lossSum / Math.max(1, batches), trainSample.topK[0], val.loss,
                    val.topK[0], val.topK[2], Metrics.mean(val.precision), Metrics.mean(val.recall), rate, elapsed, eta);
            history.add(m);
            listener.onEpoch(m);

            boolean improved = val.loss < best - request.earlyStopping().minDelta();
            if (improved || !savedAny) {
                best = Math.min(best, val.loss);
                saveModel(net, checksum, started);
                savedAny = true;
            }
            stale = improved ? 0 : stale + 1;
            writeCheckpoint(net, checkpoint, work, best, stale, checksum);
            listener.onMessage("epoch " + (epoch + 1) + "/" + request.epochs() + ": checkpoint written"
                    + (improved ? ", best model so far saved" : ""));
            if (stopRequested) {
                state = abortReason == null ? State.STOPPED : State.FAILED;
                message = stopped("after epoch " + (epoch + 1));
                break;
            }
            if (request.earlyStopping().enabled() && stale >= request.earlyStopping().patience()) {
                state = State.EARLY_STOPPED;
                message = "early stopping: no improvement of validation loss for " + stale + " epochs";
                break;
            }
        }
        if (state == State.COMPLETED) {
            message = "completed " + request.epochs() + " epochs";
        }
        ModelInfo info = evaluateStored(message);
        return new TrainingOutcome(state, info == null ? "" : info.name(), checkpoint.toString(),
                message + (info == null || Double.isNaN(info.testAccuracy()) ? ""
                        : String.format("; test accuracy %.2f%%", 100 * info.testAccuracy())), history);
    }

    /** The network and its updater state, and the run's history and early-stopping state, for a resume. */
    private void writeCheckpoint(MultiLayerNetwork net, Path checkpoint, Path work, double best, int stale, String checksum)
            throws java.io.IOException {
        ModelFiles.write(net, checkpoint, true);
        Json.write(work.resolve(RunState.STATE), new RunState(request, history(), best, stale, checksum));
    }

    private String stopped(String when) {
        return (abortReason == null ? "stopped by the user" : abortReason) + " " + when
                + "; the best model so far is kept and the checkpoint can be resumed";
    }

    /** The loss summed over an epoch's batches (NaN ones left out) and how many batches ran. */
    private record Pass(double lossSum, int batches) {}

    /** One pass over the shuffled training images, batch by batch, until done or stopped. */
    private Pass pass(int epoch, MultiLayerNetwork net, TrainingAccelerator.Steps device, Batches train,
            Augmenter augmenter, float[] rows, int[] batchLabels, int batchesPerEpoch) {
        int batch = request.batchSize();
        int[] order = shuffled(train.count, new SplittableRandom(request.seed() * 31 + epoch));
        double lossSum = 0;
        int batches = 0;
        long windowStart = System.nanoTime();
        int windowImages = 0;
        for (int from = 0; from < train.count && !stopRequested; from += batch) {
            int to = Math.min(train.count, from + batch);
            int n = to - from;
            float[] x = n == batch ? rows : new float[n * Batches.PIXELS];
            train.gather(order, from, to, x);
            if (augmenter != null) {
                augmenter.augmentBatch(x, n);
            }
            double loss;
            if (device != null) {
                for (int i = from; i < to; i++) {
                    batchLabels[i - from] = train.labels[order[i]];
                }
                // one step behind: the device trains on this batch while the next is prepared
                loss = device.fit(x, batchLabels, n);
            } else {
                INDArray features = Batches.features(x, n);
                INDArray labels = Batches.oneHot(train.labels, order, from, to);
                OpenMpThreads.trainingStep(batch, () -> net.fit(features, labels));
                loss = net.score();
            }
            if (!Double.isNaN(loss)) {
                lossSum += loss;
            }
            batches++;
            windowImages += n;
            long now = System.nanoTime();
            double imagesPerSecond = windowImages / ((now - windowStart) / 1e9);
            if (now - windowStart > 2_000_000_000L) {
                windowStart = now;
                windowImages = 0;
            }
            listener.onBatch(new BatchProgress(epoch, batches - 1, batchesPerEpoch, loss, imagesPerSecond));
        }
        return new Pass(lossSum, batches);
    }

    private void saveModel(MultiLayerNetwork net, String checksum, long started) throws Exception {
        ModelInfo info = ModelInfo.builder(request.modelName()).architecture(architecture).datasetId(request.datasetId())
                .datasetChecksum(checksum).optimizerId(optimizer.id()).hyperParameters(optimizer.resolve(request.hyperParameters()))
                .epochs(history.size()).batchSize(request.batchSize()).augmentation(request.augmentation())
                .parameters(net.numParams()).created(Instant.now().toString())
                .command(TrainingPolicy.command(request, architecture)).history(history()).build();
        store.save(info, target -> ModelFiles.write(net, target, false));
    }

    /** The stored (best) model measured on the test set, recorded in its metadata. */
    private ModelInfo evaluateStored(String message) {
        try {
            ModelInfo info = store.find(request.modelName()).orElse(null);
            if (info == null) {
                return null;
            }
            MultiLayerNetwork best = ModelFiles.load(store.modelFile(info.name()), false);
            Batches test = new Batches(dataset.test());
            Metrics m = new Metrics(Batches.predict(best, test.features, test.count, 1000), test.labels, 10);
            // without its calibration: the calibrator below fits it again on this model
            ModelInfo updated = store.update(info.toBuilder().testAccuracy(m.topK[0]).testTop3(m.topK[2])
                    .history(history()).calibration(null).build());
            listener.onMessage(String.format("%s on the %d test images: accuracy %.2f%%, top-3 %.2f%%", info.name(),
                    test.count, 100 * m.topK[0], 100 * m.topK[2]));
            try {
                Calibration c = calibrator.calibrate(info.name()).calibration();
                listener.onMessage(String.format("calibrated on the validation split: temperature %.3f, ECE %.2f%% -> %.2f%%,"
                        + " not-a-digit threshold %.4g (%s)", c.temperature(), 100 * c.eceBefore(), 100 * c.eceAfter(),
                        c.oodThreshold(), c.oodScore()));
                return store.find(info.name()).orElse(updated);
            } catch (ModelException e) {
                listener.onMessage("not calibrated: " + e.getMessage());
                return updated;
            }
        } catch (Exception e) {
            listener.onMessage("could not evaluate the stored model: " + e.getMessage());
            return null;
        }
    }

    /** Seeded train/validation split; {@code trainLimit} caps both (validation in proportion). */
    static int[][] split(int total, long seed, double validationFraction, int trainLimit) {
        int[] order = shuffled(total, new SplittableRandom(seed));
        int nVal = (int) Math.round(total * validationFraction);
        int nTrain = total - nVal;
        if (trainLimit > 0 && trainLimit < nTrain) {
            nTrain = trainLimit;
            nVal = Math.min(nVal, Math.max(500, (int) Math.round(nTrain * validationFraction / (1 - validationFraction))));
        }
        int[] val = java.util.Arrays.copyOfRange(order, 0, nVal);
        int[] tr = java.util.Arrays.copyOfRange(order, total - nTrain, total);
        return new int[][] {tr, val};
    }

    static int[] shuffled(int n, SplittableRandom random) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    /** A listener that cannot break the run. */
    private record SafeListener(TrainingListener delegate) implements TrainingListener {
        @Override
        public void onStart(TrainingRequest r, int t, int v) {
            guard(() -> delegate.onStart(r, t, v));
        }

        @Override
        public void onBatch(BatchProgress p) {
            guard(() -> delegate.onBatch(p));
        }

        @Override
        public void onEpoch(EpochMetrics m) {
            guard(() -> delegate.onEpoch(m));
        }

        @Override
        public void onMessage(String message) {
            LOG.info("{}", message);
            guard(() -> delegate.onMessage(message));
        }

        @Override
        public void onFinished(TrainingOutcome o) {
            guard(() -> delegate.onFinished(o));
        }

        private static void guard(Runnable r) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.warn("A training listener failed", e);
            }
        }
    }
}
