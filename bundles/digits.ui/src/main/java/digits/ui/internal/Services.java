package digits.ui.internal;

import digits.api.DrawingStore;
import digits.api.Adapter;
import digits.api.ComputeBackend;
import digits.api.DatasetProvider;
import digits.api.Evaluator;
import digits.api.Explainer;
import digits.api.ModelExporter;
import digits.api.ModelImporter;
import digits.api.ModelStore;
import digits.api.Preprocessor;
import digits.api.Selection;
import digits.api.Trainer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The services the window uses, as they come and go. Declarative Services binds them here, on
 * its own threads: every one is a dynamic, optional (the datasets: multiple), greedy reference,
 * so the window stays open while bundles come and go (from its own Bundles tab, say), and each
 * view enables what the services present allow. Views read them when they act and are told of
 * every change; a view never keeps a service it read. {@link WorkbenchUi} is given this
 * component when it activates.
 */
@Component(service = Services.class)
public final class Services {

    private final BundleContext context;
    private volatile Selection selection;
    private volatile ComputeBackend backend;
    private volatile Trainer trainer;
    private volatile Evaluator evaluator;
    private volatile Explainer explainer;
    private volatile ModelStore modelStore;
    private volatile ModelImporter importer;
    private volatile ModelExporter exporter;
    private volatile DrawingStore drawings;
    private volatile Adapter adapter;
    private final Map<String, DatasetProvider> datasets = new ConcurrentHashMap<>();

    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> selectionListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> modelListeners = new CopyOnWriteArrayList<>();
    private final Selection.Listener onSelection = this::selectionChanged;
    private final Runnable onModels = this::modelsChanged;

    @Activate
    public Services(BundleContext context) {
        this.context = context;
    }

    public BundleContext context() {
        return context;
    }

    public Optional<Selection> selection() {
        return Optional.ofNullable(selection);
    }

    public Optional<ComputeBackend> backend() {
        return Optional.ofNullable(backend);
    }

    public Optional<Trainer> trainer() {
        return Optional.ofNullable(trainer);
    }

    public Optional<Evaluator> evaluator() {
        return Optional.ofNullable(evaluator);
    }

    /** Saliency maps (why the recognizer answered so). */
    public Optional<Explainer> explainer() {
        return Optional.ofNullable(explainer);
    }

    public Optional<ModelStore> modelStore() {
        return Optional.ofNullable(modelStore);
    }

    public Optional<ModelImporter> importer() {
        return Optional.ofNullable(importer);
    }

    public Optional<ModelExporter> exporter() {
        return Optional.ofNullable(exporter);
    }

    public Optional<DrawingStore> drawings() {
        return Optional.ofNullable(drawings);
    }

    public Optional<Adapter> adapter() {
        return Optional.ofNullable(adapter);
    }

    /** The selection's active preprocessor (the {@code mnist} recipe in a standard workbench). */
    public Optional<Preprocessor> preprocessor() {
        return selection().flatMap(Selection::activePreprocessor);
    }

    /** Dataset ids, sorted. */
    public List<String> datasetIds() {
        return datasets.keySet().stream().sorted().toList();
    }

    public Optional<DatasetProvider> dataset(String id) {
        return Optional.ofNullable(datasets.get(id));
    }

    /** Called (on any thread) whenever a service comes or goes. */
    public void onChange(Runnable listener) {
        changeListeners.add(listener);
    }

    /** Called (on any thread) with the selection's message whenever the recognizers or optimizers change. */
    public void onSelectionChange(Consumer<String> listener) {
        selectionListeners.add(listener);
    }

    /** Called (on any thread) whenever the model store changes. */
    public void onModelsChange(Runnable listener) {
        modelListeners.add(listener);
    }

    void clearListeners() {
        changeListeners.clear();
        selectionListeners.clear();
        modelListeners.clear();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void setSelection(Selection s) {
        Selection old = selection;
        if (old != null) {
            old.removeListener(onSelection);
        }
        selection = s;
        if (s != null) {
            s.addListener(onSelection);
        }
        changed();
        selectionChanged(s == null ? "the selection service went away" : "");
    }

    public void unsetSelection(Selection s) {
        if (selection == s) {
            setSelection(null);
        } else {
            s.removeListener(onSelection);
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void setBackend(ComputeBackend b) {
        backend = b;
        changed();
    }

    public void unsetBackend(ComputeBackend b) {
        if (backend == b) {
            setBackend(null);
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void setTrainer(Trainer t) {
        trainer = t;
        changed();
    }

    public void unsetTrainer(Trainer t) {
        if (trainer == t) {
            setTrainer(null);
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void setEvaluator(Evaluator e) {
        evaluator = e;
        changed();
    }

    public void unsetEvaluator(Evaluator e) {
        if (evaluator == e) {
            setEvaluator(null);
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void setExplainer(Explainer e) {
        explainer = e;
        changed();
    }

    public void unsetExplainer(Explainer e) {
        if (explainer == e) {
            setExplainer(null);
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void setImporter(ModelImporter i) {
        importer = i;
        changed();
    }

    public void unsetImporter(ModelImporter i) {
        if (importer == i) {
            setImporter(null);
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void setExporter(ModelExporter e) {
        exporter = e;
        changed();
    }

    public void unsetExporter(ModelExporter e) {
        if (exporter == e) {
            setExporter(null);
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void setModelStore(ModelStore m) {
        ModelStore old = modelStore;
        if (old != null) {
            old.removeListener(onModels);
        }
        modelStore = m;
        if (m != null) {
            m.addListener(onModels);
        }
        changed();
        modelsChanged();
    }

    public void unsetModelStore(ModelStore m) {
        if (modelStore == m) {
            setModelStore(null);
        } else {
            m.removeListener(onModels);
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void setDrawings(DrawingStore d) {
        drawings = d;
        changed();
    }

    public void unsetDrawings(DrawingStore d) {
        if (drawings == d) {
            setDrawings(null);
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void setAdapter(Adapter a) {
        adapter = a;
        changed();
    }

    public void unsetAdapter(Adapter a) {
        if (adapter == a) {
            setAdapter(null);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void addDataset(DatasetProvider d) {
        datasets.put(d.id(), d);
        changed();
    }

    public void removeDataset(DatasetProvider d) {
        datasets.remove(d.id(), d);
        changed();
    }

    /** Detaches from the services that call back. */
    @Deactivate
    void close() {
        clearListeners();
        setSelection(null);
        setModelStore(null);
    }

    private void changed() {
        changeListeners.forEach(Runnable::run);
    }

    private void selectionChanged(String message) {
        selectionListeners.forEach(l -> l.accept(message));
        if (message.startsWith("preprocessor ")) {
            changed(); // views that show the preprocessor read it again
        }
    }

    private void modelsChanged() {
        modelListeners.forEach(Runnable::run);
    }
}
