package digits.report.internal;

import digits.api.DatasetException;
import digits.api.DatasetProvider;
import digits.api.Evaluation;
import digits.api.Evaluator;
import digits.api.LabelledImages;
import digits.api.ModelException;
import digits.api.ModelInfo;
import digits.api.ModelInspector;
import digits.api.ModelStore;
import digits.api.ModelSummary;
import digits.api.Recognizer;
import digits.api.Explainer;
import digits.api.Explanation;
import digits.report.ReportWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Writes {@code models/NAME.d/report.html}. The model is read through the engine's services
 * (inspector, the model's recognizer {@code cnn:NAME}, the evaluator), never through DL4J. The
 * model is checked before anything else, and the page is built whole in memory before the
 * folder is touched, so a corrupt model leaves nothing behind.
 */
@Component(service = ReportWriter.class)
public final class HtmlReportWriter implements ReportWriter {

    /** Used when the model's own dataset is not present (an imported model, say). */
    static final String FALLBACK_DATASET = "mnist";
    /** How many misclassified images the report shows. */
    static final int MISTAKES = 24;
    /** How many of the images compared models disagree on the report shows. */
    static final int DISAGREEMENTS = 48;
    /**
     * The engine offers a stored model as a recognizer shortly after the store lists it (it loads
     * the network first); a report asked for right after a start or a training waits that long.
     */
    static final Duration RECOGNIZER_WAIT = Duration.ofSeconds(30);

    private final ModelStore store;
    private final ModelInspector inspector;
    private final Evaluator evaluator;
    private final Map<String, Recognizer> recognizers = new ConcurrentHashMap<>();
    /** The datasets present now (DS replaces the list when one comes or goes). */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile List<DatasetProvider> datasets = List.of();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile Explainer explainer;
    Duration recognizerWait = RECOGNIZER_WAIT;

    @Activate
    public HtmlReportWriter(@Reference ModelStore store, @Reference ModelInspector inspector,
            @Reference Evaluator evaluator) {
        this.store = store;
        this.inspector = inspector;
        this.evaluator = evaluator;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addRecognizer(Recognizer r) {
        synchronized (recognizers) {
            recognizers.put(r.id(), r);
            recognizers.notifyAll();
        }
    }

    void removeRecognizer(Recognizer r) {
        recognizers.remove(r.id(), r);
    }

    @Override
    public Path report(String modelName) throws ModelException, DatasetException {
        return report(modelName, 0);
    }

    @Override
    public Path report(String modelName, int testLimit) throws ModelException, DatasetException {
        return report(modelName, testLimit, List.of());
    }

    @Override
    public Path report(String modelName, int testLimit, List<String> compareWith) throws ModelException, DatasetException {
        if (testLimit < 0) {
            throw new IllegalArgumentException("the test limit must be 0 (all) or more, got " + testLimit);
        }
        Model model = read(modelName);
        List<Model> others = new ArrayList<>();
        for (String other : compareWith) {
            if (other.equals(modelName)) {
                throw new IllegalArgumentException("cannot compare '" + modelName + "' with itself");
            }
            others.add(read(other));
        }
        List<String> notes = new ArrayList<>();
        DatasetProvider dataset = datasetFor(model.info(), notes);
        if (dataset == null) {
            throw new DatasetException("cannot evaluate '" + modelName + "': neither its dataset '"
                    + model.info().datasetId() + "' nor " + FALLBACK_DATASET + " is present; present: "
                    + DatasetProvider.ids(datasets));
        }
        Recognizer recognizer = recognizer(modelName);
        List<Recognizer> compared = new ArrayList<>(List.of(recognizer));
        for (Model other : others) {
            compared.add(recognizer(other.info().name()));
        }
        LabelledImages test = dataset.test();
        if (testLimit > 0 && testLimit < test.count()) {
            test = test.slice(0, testLimit);
            notes.add("Evaluated on the first " + testLimit + " test images only.");
        }
        Evaluation evaluation = evaluator.evaluate(recognizer, test, MISTAKES);
        HtmlReport.Compared comparison = null;
        if (!others.isEmpty()) {
            List<ModelInfo> infos = new ArrayList<>(List.of(model.info()));
            others.forEach(o -> infos.add(o.info()));
            comparison = new HtmlReport.Compared(evaluator.compare(compared, test, DISAGREEMENTS), infos);
        }
        return write(model, evaluation, dataset.classNames(), notes, explanations(recognizer, evaluation), comparison);
    }

    @Override
    public Path report(String modelName, Evaluation evaluation) throws ModelException {
        Model model = read(modelName);
        List<String> notes = new ArrayList<>();
        DatasetProvider dataset = datasetFor(model.info(), new ArrayList<>());
        List<String> classes = dataset != null ? dataset.classNames() : digits();
        return write(model, evaluation, classes, notes, Map.of(), null);
    }

    /** For each mistake (by image index), why the model answered so and what spoke for its runner-up; none without an explainer. */
    private Map<Integer, Explanation> explanations(Recognizer recognizer, Evaluation evaluation) {
        Explainer e = explainer;
        Map<Integer, Explanation> out = new java.util.HashMap<>();
        if (e != null) {
            for (Evaluation.Mistake m : evaluation.mistakes()) {
                out.put(m.index(), e.explainTopTwo(recognizer, m.image()));
            }
        }
        return out;
    }

    @Override
    public Path reportFile(String modelName) throws ModelException {
        store.modelFile(modelName); // checks the name: the path must stay inside the store
        return store.workDirectory(modelName).resolve(FILE_NAME);
    }

    private record Model(ModelInfo info, ModelSummary summary) {}

    /** Reads the model through the engine: a corrupt or foreign file fails here, before any write. */
    private Model read(String name) throws ModelException {
        store.modelFile(name); // "no model 'x' in models/" or "not a valid model name"
        ModelSummary summary;
        try {
            summary = inspector.ofModel(name);
        } catch (ModelException | RuntimeException e) {
            throw new ModelException("cannot report on '" + name + "': " + e.getMessage(), e);
        }
        ModelInfo info = store.find(name).orElseThrow(() -> new ModelException("cannot report on '" + name
                + "': its metadata " + name + ".json is missing or unreadable in " + store.directory()));
        return new Model(info, summary);
    }

    private DatasetProvider datasetFor(ModelInfo info, List<String> notes) {
        DatasetProvider own = info.datasetId() == null ? null : DatasetProvider.byId(datasets, info.datasetId()).orElse(null);
        if (own != null) {
            return own;
        }
        DatasetProvider fallback = DatasetProvider.byId(datasets, FALLBACK_DATASET).orElse(null);
        if (fallback != null) {
            notes.add("The model's dataset '" + info.datasetId() + "' is not present; it was evaluated on "
                    + FALLBACK_DATASET + "'s test images instead.");
        }
        return fallback;
    }

    private Recognizer recognizer(String modelName) throws ModelException {
        String id = "cnn:" + modelName;
        long deadline = System.nanoTime() + recognizerWait.toNanos();
        synchronized (recognizers) {
            while (true) {
                Recognizer r = recognizers.get(id);
                if (r != null) {
                    return r;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new ModelException("cannot report on '" + modelName + "': the engine does not offer it as "
                            + "recognizer " + id + " (see the log for why it could not be loaded); present: "
                            + new TreeSet<>(recognizers.keySet()));
                }
                try {
                    recognizers.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ModelException("interrupted while waiting for recognizer " + id, e);
                }
            }
        }
    }

    /** Renders the page in memory, then writes it beside a temporary name and moves it into place. */
    private Path write(Model model, Evaluation evaluation, List<String> classNames, List<String> notes,
            Map<Integer, Explanation> why, HtmlReport.Compared comparison) {
        String name = model.info().name();
        String html = HtmlReport.render(new HtmlReport.Data(model.info(), model.summary(), evaluation, classNames, notes,
                Instant.now(), why, comparison));
        Path folder = store.workDirectory(name);
        Path target = folder.resolve(FILE_NAME);
        Path tmp = null;
        try {
            Files.createDirectories(folder);
            // A name of its own per write (two writers never share one), created with the
            // usual permissions (Files.createTempFile would make it readable by its owner only).
            tmp = folder.resolve("." + FILE_NAME + "." + UUID.randomUUID() + ".tmp");
            Files.writeString(tmp, html, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the temporary name is never taken for a report
                }
            }
            throw new UncheckedIOException("cannot write the report of '" + name + "' to " + target + ": " + e.getMessage(), e);
        }
    }

    private static List<String> digits() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            out.add(String.valueOf(i));
        }
        return out;
    }
}
