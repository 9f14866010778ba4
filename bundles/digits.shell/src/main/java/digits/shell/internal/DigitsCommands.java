package digits.shell.internal;

import digits.api.Augmentation;
import digits.api.BusyException;
import digits.api.Calibration;
import digits.api.Calibrator;
import digits.api.ModelException;
import digits.api.ComputeBackend;
import digits.api.DatasetException;
import digits.api.DatasetProvider;
import digits.api.EpochMetrics;
import digits.api.Evaluation;
import digits.api.Evaluator;
import digits.api.LabelledImages;
import digits.api.ModelInfo;
import digits.api.ModelStore;
import digits.api.OptimizerDescription;
import digits.api.Recognizer;
import digits.api.Selection;
import digits.api.Trainer;
import digits.api.TrainingListener;
import digits.api.TrainingOutcome;
import digits.api.TrainingPolicy;
import digits.api.TrainingPolicy.GpuPreset;
import digits.api.TrainingRequest;
import digits.api.TrainingRun;
import digits.api.UnreadableModel;
import digits.api.BatchProgress;
import digits.api.HyperParameter;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** The workbench's Gogo commands, scope {@code digits}; also run as {@code ./digits COMMAND ...}. */
@Component(service = Object.class, property = {
    "osgi.command.scope=digits",
    "osgi.command.function=backend",
    "osgi.command.function=bundles",
    "osgi.command.function=train",
    "osgi.command.function=resume",
    "osgi.command.function=halt",
    "osgi.command.function=evaluate",
    "osgi.command.function=calibrate",
    "osgi.command.function=compare",
    "osgi.command.function=models",
    "osgi.command.function=optimizers",
    "osgi.command.function=recognizers",
    "osgi.command.function=use" })
public final class DigitsCommands {

    private final ComputeBackend backend;
    private final BundleContext context;
    private final Trainer trainer;
    private final Evaluator evaluator;
    private final ModelStore store;
    private final Selection selection;
    private final Calibrator calibrator;
    /** The datasets present now (DS replaces the list when one comes or goes). */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<DatasetProvider> datasets = List.of();

    @Activate
    public DigitsCommands(@Reference ComputeBackend backend, @Reference Trainer trainer, @Reference Evaluator evaluator,
            @Reference ModelStore store, @Reference Selection selection, @Reference Calibrator calibrator,
            BundleContext context) {
        this.calibrator = calibrator;
        this.backend = backend;
        this.trainer = trainer;
        this.evaluator = evaluator;
        this.store = store;
        this.selection = selection;
        this.context = context;
    }

    @Descriptor("show the compute backend (CPU or CUDA), its device, threads and off-heap limit")
    public String backend() {
        return "backend: " + backend.info().summary();
    }

    @Descriptor("list the installed bundles and their states")
    public String bundles() {
        StringBuilder out = new StringBuilder();
        for (Bundle b : context.getBundles()) {
            out.append(String.format("%3d %-10s %s %s%n", b.getBundleId(), state(b.getState()), b.getSymbolicName(),
                    b.getVersion()));
        }
        return out.toString();
    }

    @Descriptor("train a network; prints progress and waits for the end (stop it with digits:halt from another shell)")
    public String train(
            @Descriptor("model name in models/") @Parameter(names = {"-n", "--name"}, absentValue = "") String name,
            @Descriptor("reference, bn or deep") @Parameter(names = {"-a", "--architecture"}, absentValue = TrainingPolicy.ARCHITECTURE) String architecture,
            @Descriptor("optimizer id (digits:optimizers)") @Parameter(names = {"-o", "--optimizer"}, absentValue = "") String optimizer,
            @Descriptor("learning rate (else the optimizer's default)") @Parameter(names = {"--lr", "--learningRate"}, absentValue = "0") double lr,
            @Descriptor("epochs") @Parameter(names = {"-e", "--epochs"}, absentValue = "" + TrainingPolicy.EPOCHS) int epochs,
            @Descriptor("batch size (default: 32 on the CPU, 256 on a GPU)") @Parameter(names = {"-b", "--batch"}, absentValue = "0") int batch,
            @Descriptor("validation fraction") @Parameter(names = {"--validation"}, absentValue = "" + TrainingPolicy.VALIDATION_FRACTION) double validation,
            @Descriptor("seed") @Parameter(names = {"-s", "--seed"}, absentValue = "" + TrainingPolicy.SEED) long seed,
            @Descriptor("augment (shift, rotate, scale)") @Parameter(names = {"--augment"}, presentValue = "true", absentValue = "false") boolean augment,
            @Descriptor("early stopping patience in epochs (0 = off)") @Parameter(names = {"--patience"}, absentValue = "0") int patience,
            @Descriptor("constant, step, exponential or cosine") @Parameter(names = {"--schedule"}, absentValue = "constant") String schedule,
            @Descriptor("use at most this many training images (0 = all)") @Parameter(names = {"--limit"}, absentValue = "0") int limit,
            @Descriptor("start from this stored model's weights (fine-tuning)") @Parameter(names = {"--from"}, absentValue = "") String from,
            @Descriptor("dataset id (digits:datasets)") String dataset) throws Exception {
        String opt = optimizer.isEmpty() ? selection.activeOptimizer().map(OptimizerDescription::id)
                .orElse(TrainingPolicy.OPTIMIZER) : optimizer;
        Map<String, Double> hyper = new HashMap<>();
        if (lr > 0) {
            hyper.put("learningRate", lr);
        }
        GpuPreset preset = GpuPreset.forBackend(backend.info(), batch, lr, selection.optimizers().stream()
                .filter(o -> o.id().equals(opt)).findFirst().orElse(null));
        if (preset.applies()) {
            System.out.println("GPU preset: " + preset.describe());
            hyper.put("learningRate", preset.learningRate());
        }
        TrainingRequest request = TrainingRequest.builder(dataset)
                .modelName(name.isEmpty() ? dataset + "-" + architecture : name)
                .architecture(architecture).optimizer(opt, hyper).epochs(epochs)
                .batchSize(preset.batch()).validationFraction(validation).seed(seed)
                .augmentation(augment ? Augmentation.STANDARD : Augmentation.NONE)
                .earlyStopping(TrainingPolicy.earlyStopping(patience))
                .schedule(preset.warmUp(TrainingPolicy.schedule(schedule))).trainLimit(limit)
                .initialModel(from).build();
        return await(trainer.start(request, new ConsoleProgress(System.out)));
    }

    @Descriptor("resume a stopped training from its checkpoint")
    public String resume(
            @Descriptor("epochs in all") @Parameter(names = {"-e", "--epochs"}, absentValue = "0") int epochs,
            @Descriptor("model name") String name) throws Exception {
        return await(trainer.resume(name, epochs, new ConsoleProgress(System.out)));
    }

    @Descriptor("stop the training in progress (the best model so far is kept)")
    public String halt() {
        Optional<TrainingRun> run = trainer.current();
        run.ifPresent(TrainingRun::stop);
        return run.map(r -> "stopping " + r.request().modelName()).orElse("no training in progress");
    }

    private static String await(TrainingRun run) throws InterruptedException, ExecutionException {
        TrainingOutcome o = run.completion().toCompletableFuture().get();
        return o.state() + ": " + o.message() + (o.modelName().isEmpty() ? "" : " (model " + o.modelName() + ")");
    }

    @Descriptor("evaluate a model (or the active recognizer) on a dataset's test split")
    public String evaluate(
            @Descriptor("dataset id") @Parameter(names = {"-d", "--dataset"}, absentValue = "mnist") String datasetId,
            @Descriptor("how many of the test images (0 = all)") @Parameter(names = {"--limit"}, absentValue = "0") int limit,
            @Descriptor("model name, or a recognizer id") String model) throws DatasetException {
        Recognizer r = recognizer(model);
        DatasetProvider d = dataset(datasetId);
        LabelledImages test = d.test();
        if (limit > 0 && limit < test.count()) {
            test = test.slice(0, limit);
        }
        Evaluation e = evaluator.evaluate(new ProgressRecognizer(r, Progress.console("evaluate", test.count(), "images")),
                test, 20);
        String calibration = r.id().startsWith("cnn:") ? store.find(r.id().substring(4)).map(ModelInfo::calibration)
                .map(DigitsCommands::calibration).orElse("not calibrated (digits:calibrate " + r.id().substring(4) + ")\n") : "";
        return Reports.evaluation(e, d.classNames()) + calibration;
    }

    static String calibration(Calibration c) {
        return String.format("temperature %.3f fitted on %s: ECE %.2f%% -> %.2f%%, NLL %.4f -> %.4f; not a digit when the %s"
                + " score is below %.4g%n", c.temperature(), c.heldOut(), 100 * c.eceBefore(), 100 * c.eceAfter(),
                c.nllBefore(), c.nllAfter(), c.oodScore(), c.oodThreshold());
    }

    @Descriptor("fit a stored model's temperature and not-a-digit threshold on its validation split, and store them")
    public String calibrate(@Descriptor("model name") String model) throws ModelException {
        ModelInfo info = calibrator.calibrate(model);
        return model + ": " + calibration(info.calibration());
    }

    @Descriptor("compare models: their metrics and validation curves side by side, and the test images where they disagree")
    public String compare(
            @Descriptor("dataset id") @Parameter(names = {"-d", "--dataset"}, absentValue = "mnist") String datasetId,
            @Descriptor("how many of the test images (0 = all)") @Parameter(names = {"--limit"}, absentValue = "0") int limit,
            @Descriptor("two or more model names") String... models) throws DatasetException {
        if (models.length < 2) {
            throw new IllegalArgumentException("compare needs two models or more, got " + models.length);
        }
        DatasetProvider d = dataset(datasetId);
        LabelledImages test = d.test();
        if (limit > 0 && limit < test.count()) {
            test = test.slice(0, limit);
        }
        List<Recognizer> recognizers = java.util.Arrays.stream(models).map(this::recognizer).toList();
        List<ModelInfo> infos = java.util.Arrays.stream(models).map(m -> store.find(m.startsWith("cnn:") ? m.substring(4) : m)
                .orElse(null)).toList();
        return Comparisons.text(evaluator.compare(recognizers, test, Integer.MAX_VALUE), infos);
    }

    @Descriptor("evaluate the active recognizer on MNIST's test split")
    public String evaluate() throws DatasetException {
        return evaluate("mnist", 0, selection.activeRecognizer().map(Recognizer::id)
                .orElseThrow(() -> new IllegalStateException("no recognizer is present")));
    }

    @Descriptor("list the stored models with their test accuracy")
    public String models() {
        StringBuilder out = new StringBuilder();
        for (ModelInfo m : store.list()) {
            out.append(String.format("%-24s %-10s %-14s %3d epochs  test %s  %s%n", m.name(), m.architecture(),
                    m.datasetId(), m.epochs(), Double.isNaN(m.testAccuracy()) ? "   -   " : String.format("%.2f%%", 100 * m.testAccuracy()),
                    m.created()));
        }
        for (UnreadableModel u : store.unreadable()) {
            out.append(String.format("%-24s unreadable: %s%n", u.name(), u.reason()));
        }
        return out.length() == 0 ? "no models in " + store.directory() : out.toString();
    }

    @Descriptor("list the optimizers; * marks the active one")
    public String optimizers() {
        String active = selection.activeOptimizer().map(OptimizerDescription::id).orElse("");
        StringBuilder out = new StringBuilder();
        for (OptimizerDescription o : selection.optimizers()) {
            out.append(o.id().equals(active) ? "* " : "  ").append(String.format("%-12s %s%n", o.id(), o.description()));
            for (HyperParameter h : o.hyperParameters()) {
                out.append(String.format("      %-14s %-10s %s%n", h.name(), h.defaultValue(), h.description()));
            }
        }
        return out.toString();
    }

    @Descriptor("list the recognizers; * marks the active one")
    public String recognizers() {
        String active = selection.activeRecognizer().map(Recognizer::id).orElse("");
        StringBuilder out = new StringBuilder();
        for (Recognizer r : selection.recognizers()) {
            out.append(r.id().equals(active) ? "* " : "  ").append(String.format("%-20s %s%n", r.id(), r.description()));
        }
        return out.length() == 0 ? "no recognizers" : out.toString();
    }

    @Descriptor("make a recognizer or an optimizer the active one: use recognizer ID | use optimizer ID")
    public String use(@Descriptor("recognizer or optimizer") String kind, @Descriptor("its id") String id) {
        switch (kind) {
            case "recognizer" -> selection.useRecognizer(id);
            case "optimizer" -> selection.useOptimizer(id);
            default -> throw new IllegalArgumentException("use recognizer ID, or use optimizer ID");
        }
        return "using " + kind + " " + id;
    }

    private Recognizer recognizer(String model) {
        return Recognizers.byIdOrModel(selection.recognizers(), model);
    }

    private DatasetProvider dataset(String id) {
        DatasetProvider d = DatasetProvider.byId(datasets, id).orElse(null);
        if (d == null) {
            throw new IllegalArgumentException("no dataset '" + id + "'; present: " + DatasetProvider.ids(datasets));
        }
        return d;
    }

    static String state(int state) {
        return switch (state) {
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            default -> "UNINSTALLED";
        };
    }

    /** Prints a line per epoch on stdout, and each epoch's batches as progress (a bar on a terminal). */
    private static final class ConsoleProgress implements TrainingListener {
        private final PrintStream out;
        private int epochs;
        private Progress batches;

        ConsoleProgress(PrintStream out) {
            this.out = out;
        }

        @Override
        public void onStart(TrainingRequest r, int trainImages, int validationImages) {
            epochs = r.epochs();
            out.printf("training %s: %s on %s (%d train, %d validation images), %s, batch %d, %d epochs%n",
                    r.modelName(), r.architecture(), r.datasetId(), trainImages, validationImages, r.optimizerId(),
                    r.batchSize(), r.epochs());
        }

        @Override
        public void onBatch(BatchProgress p) {
            if (batches == null || p.batch() == 0) {
                batches = Progress.console("epoch " + (p.epoch() + 1) + "/" + epochs, p.batchesPerEpoch(), "batches");
            }
            batches.update(p.batch() + 1, String.format(java.util.Locale.ROOT, "loss %.4f, %.0f img/s", p.loss(),
                    p.imagesPerSecond()));
        }

        @Override
        public void onEpoch(EpochMetrics m) {
            out.printf("epoch %d: train loss %.4f acc %.2f%% | validation loss %.4f acc %.2f%% top-3 %.2f%% | lr %.2g | %ds, ETA %ds%n",
                    m.epoch() + 1, m.trainLoss(), 100 * m.trainAccuracy(), m.validationLoss(),
                    100 * m.validationAccuracy(), 100 * m.validationTop3(), m.learningRate(), m.elapsedMillis() / 1000,
                    m.etaMillis() / 1000);
        }

        @Override
        public void onMessage(String message) {
            out.println("  " + message);
        }
    }
}
