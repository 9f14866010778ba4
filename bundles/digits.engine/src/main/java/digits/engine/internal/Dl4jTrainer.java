package digits.engine.internal;

import digits.api.BusyException;
import digits.api.Calibrator;
import digits.api.ComputeBackend;
import digits.api.DatasetProvider;
import digits.api.ModelException;
import digits.api.ModelInspector;
import digits.api.ModelStore;
import digits.api.ModelSummary;
import digits.api.Trainer;
import digits.api.TrainingListener;
import digits.api.TrainingRequest;
import digits.api.TrainingRun;
import digits.api.engine.Optimizer;
import digits.engine.accelerator.TrainingAccelerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.config.Adam;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Trains networks on DL4J, one run at a time. Datasets and optimizers are followed as they come
 * and go; a run whose optimizer is uninstalled ends cleanly with its checkpoint.
 */
@Component(service = {Trainer.class, ModelInspector.class})
public final class Dl4jTrainer implements Trainer, ModelInspector {

    private final ModelStore store;
    /** The datasets present now (DS replaces the list when one comes or goes). */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<DatasetProvider> datasets = List.of();
    /** A GPU engine (digits.engine.cudnn), present only where the launcher found a GPU it can use. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile TrainingAccelerator accelerator;
    private final Map<String, Optimizer> optimizers = new ConcurrentHashMap<>();
    private final AtomicReference<TrainingJob> current = new AtomicReference<>();

    private final Calibrator calibrator;

    @Activate
    public Dl4jTrainer(@Reference ModelStore store, @Reference ComputeBackend backend, @Reference Calibrator calibrator) {
        // The backend reference orders activation: ND4J is initialised before any network is built.
        this.store = store;
        this.calibrator = calibrator;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addOptimizer(Optimizer o) {
        optimizers.put(o.id(), o);
    }

    void removeOptimizer(Optimizer o) {
        optimizers.remove(o.id(), o);
        TrainingJob job = current.get();
        if (job != null && job.optimizerId().equals(o.id())) {
            job.abort("optimizer '" + o.id() + "' was uninstalled");
        }
    }

    @Deactivate
    void deactivate() throws Exception {
        TrainingJob job = current.get();
        if (job != null) {
            job.stop();
            job.completion().toCompletableFuture().get(2, TimeUnit.MINUTES);
        }
    }

    @Override
    public List<String> architectures() {
        return Networks.NAMES;
    }

    @Override
    public TrainingRun start(TrainingRequest request, TrainingListener listener) throws BusyException {
        DatasetProvider dataset = DatasetProvider.byId(datasets, request.datasetId()).orElse(null);
        if (dataset == null) {
            throw new IllegalArgumentException("unknown dataset '" + request.datasetId() + "'; present: "
                    + DatasetProvider.ids(datasets));
        }
        Optimizer optimizer = optimizers.get(request.optimizerId());
        if (optimizer == null) {
            throw new IllegalArgumentException("unknown optimizer '" + request.optimizerId() + "'; present: "
                    + new TreeSet<>(optimizers.keySet()));
        }
        if (!Networks.NAMES.contains(request.architecture())) {
            throw new IllegalArgumentException("unknown architecture '" + request.architecture() + "'; known: "
                    + String.join(", ", Networks.NAMES));
        }
        return launch(new TrainingJob(request, dataset, optimizer, store, calibrator, listener, null, accelerator));
    }

    @Override
    public TrainingRun resume(String modelName, int epochs, TrainingListener listener) throws BusyException {
        Path work = store.workDirectory(modelName);
        Path state = work.resolve(RunState.STATE);
        if (!Files.isRegularFile(state) || !Files.isRegularFile(work.resolve(RunState.CHECKPOINT))) {
            throw new IllegalArgumentException("no checkpoint to resume for '" + modelName + "' in " + work);
        }
        RunState saved;
        try {
            saved = Json.read(state, RunState.class);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read " + state + ": " + e.getMessage(), e);
        }
        TrainingRequest request = saved.request().toBuilder().epochs(saved.epochsToFinish(epochs)).build();
        DatasetProvider dataset = DatasetProvider.byId(datasets, request.datasetId()).orElse(null);
        Optimizer optimizer = optimizers.get(request.optimizerId());
        if (dataset == null || optimizer == null) {
            throw new IllegalArgumentException("cannot resume '" + modelName + "': "
                    + (dataset == null ? "dataset '" + request.datasetId() + "'" : "optimizer '" + request.optimizerId() + "'")
                    + " is not present");
        }
        return launch(new TrainingJob(request, dataset, optimizer, store, calibrator, listener, saved, accelerator));
    }

    private TrainingRun launch(TrainingJob job) throws BusyException {
        TrainingJob running = current.get();
        if (running != null || !current.compareAndSet(null, job)) {
            running = current.get();
            throw new BusyException("busy: training '" + running.request().modelName() + "' is in progress (epoch "
                    + (running.history().size() + 1) + "/" + running.request().epochs() + "); stop it first");
        }
        job.completion().whenComplete((o, e) -> current.compareAndSet(job, null));
        Thread t = new Thread(job, "digits-training-" + job.request().modelName());
        t.setDaemon(true);
        t.start();
        return job;
    }

    @Override
    public Optional<TrainingRun> current() {
        return Optional.ofNullable(current.get());
    }

    @Override
    public ModelSummary ofArchitecture(String architecture) {
        MultiLayerNetwork net = new MultiLayerNetwork(Networks.build(architecture, new Adam(), 1));
        net.init();
        return Networks.summarize(architecture, net);
    }

    @Override
    public ModelSummary ofModel(String modelName) throws ModelException {
        String architecture = store.find(modelName).map(i -> i.architecture()).orElse("unknown");
        return Networks.summarize(architecture, ModelFiles.load(store.modelFile(modelName), false));
    }
}
