package digits.ui.internal.models;

import digits.api.Comparison;
import digits.api.DatasetProvider;
import digits.api.EpochMetrics;
import digits.api.Evaluator;
import digits.api.GrayImage;
import digits.api.LabelledImages;
import digits.api.ModelException;
import digits.api.ModelInfo;
import digits.api.ModelStore;
import digits.api.Prediction;
import digits.api.Recognizer;
import digits.api.Selection;
import digits.ui.internal.Services;
import digits.ui.internal.Ui;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the Models tab shows and does, without a widget: the store's models, the selected one
 * and how it was made; using, deleting, importing and exporting models off the UI thread; and
 * models put side by side: their validation curves, their figures in columns, and the test images
 * on which they answer differently, found in the background each time the set compared changes
 * (a comparison overtaken by a newer one is dropped). Listeners hear of every change on whatever
 * thread it happened; they read the state through the getters.
 */
public final class ModelsModel {

    /** Where the comparison of the models side by side stands. */
    public enum Phase { IDLE, RUNNING, DONE, FAILED }

    /** The dataset the disagreements are looked for in when the models' own is not present. */
    static final String DATASET = "mnist";
    /** How many of the images the models disagree on are kept to show. */
    static final int MAX_DISAGREEMENTS = 500;

    /** One model's validation accuracy per epoch, for the overlaid curves. */
    public record Curve(String name, List<double[]> points) {}

    /** An image the compared models answer differently, with its caption and a longer tooltip. */
    public record Tile(GrayImage image, String caption, String tooltip) {}

    /** Something done in the background: a message for the status line, or a failure. */
    public interface Reporter {
        void done(String message);

        void failed(String operation, String detail);
    }

    /** A store operation to run off the UI thread; returns what to tell the user. */
    public interface StoreWork {
        String run(ModelStore store) throws ModelException;
    }

    private final Services services;
    private final Runnable changed;
    private final Reporter reporter;
    private final ExecutorService files = Ui.worker("digits-model-files");
    private final ExecutorService comparisons = Ui.worker("digits-model-comparison");

    private volatile String selected;
    /** Models put side by side, in the order they were added. */
    private final LinkedHashSet<String> compared = new LinkedHashSet<>();
    private volatile int testImages = 2000;
    private volatile Phase phase = Phase.IDLE;
    private volatile Comparison comparison;
    private volatile String problem = "";
    /** Counts comparisons asked for; a result is kept only if no newer one was asked for since. */
    private int generation;

    public ModelsModel(Services services, Runnable changed, Reporter reporter) {
        this.services = services;
        this.changed = changed;
        this.reporter = reporter;
    }

    /** Stops the background work (the view is gone). */
    public void close() {
        files.shutdownNow();
        comparisons.shutdownNow();
    }

    // --- the store's models ---------------------------------------------------------------

    public List<ModelInfo> models() {
        return services.modelStore().map(ModelStore::list).orElse(List.of());
    }

    public String folderText() {
        return services.modelStore().map(s -> "Models in " + s.directory() + " (" + s.list().size() + ")")
                .orElse("The model store is not present");
    }

    /** Where the store keeps its models, or empty without a store. */
    public String storeDirectory() {
        return services.modelStore().map(s -> s.directory().toString()).orElse("");
    }

    /** Whether the model is the active recognizer's. */
    public boolean isActive(ModelInfo m) {
        return services.selection().flatMap(Selection::activeRecognizer).map(Recognizer::id)
                .filter(("cnn:" + m.name())::equals).isPresent();
    }

    public void select(String name) {
        selected = name;
        changed.run();
    }

    /** The selected model, while the store lists it. */
    public Optional<ModelInfo> selected() {
        String name = selected;
        return name == null ? Optional.empty() : models().stream().filter(m -> m.name().equals(name)).findFirst();
    }

    public boolean canUse() {
        return selected().isPresent() && services.selection().isPresent();
    }

    public boolean canDelete() {
        return selected().isPresent() && services.modelStore().isPresent();
    }

    public boolean canImport() {
        return services.modelStore().isPresent() && services.importer().isPresent();
    }

    public boolean canExport() {
        return canDelete() && services.exporter().isPresent();
    }

    /** How the selected model was made, or a hint. */
    public String details() {
        return selected().map(ModelsModel::describe).orElse("Select a model to see how it was made.");
    }

    static String describe(ModelInfo m) {
        String hyper = m.hyperParameters().entrySet().stream().map(e -> e.getKey() + "=" + Ui.number(e.getValue()))
                .collect(Collectors.joining(", "));
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s: %s network, %,d parameters, trained on %s%n", m.name(),
                m.architecture(), m.parameters(), m.datasetId()));
        sb.append(String.format(Locale.ROOT, "optimizer %s (%s), batch %d, %d epochs, augmentation %s%n",
                m.optimizerId(), hyper, m.batchSize(), m.epochs(),
                m.augmentation() != null && m.augmentation().enabled() ? "on" : "off"));
        sb.append(String.format(Locale.ROOT, "test accuracy %s, top-3 %s; created %s%n", Ui.percent(m.testAccuracy()),
                Ui.percent(m.testTop3()), created(m.created())));
        if (m.command() != null && !m.command().isBlank()) {
            sb.append("reproduce: ").append(m.command()).append('\n');
        }
        m.history().forEach(h -> sb.append(String.format(Locale.ROOT,
                "  epoch %2d: loss %.4f / %.4f, accuracy %s / %s (train / validation)%n", h.epoch() + 1, h.trainLoss(),
                h.validationLoss(), Ui.percent(h.trainAccuracy()), Ui.percent(h.validationAccuracy()))));
        return sb.toString();
    }

    static String created(String iso) {
        return iso == null ? "" : iso.replace('T', ' ').replaceFirst("\\.\\d+Z$", "Z");
    }

    /** Makes the selected model the active recognizer. */
    public void useSelected() {
        Optional<ModelInfo> m = selected();
        Optional<Selection> s = services.selection();
        if (m.isPresent() && s.isPresent()) {
            try {
                s.get().useRecognizer("cnn:" + m.get().name());
            } catch (IllegalArgumentException e) {
                reporter.failed("Use model", e.getMessage());
            }
        }
    }

    public void deleteSelected() {
        selected().map(ModelInfo::name).ifPresent(name -> inBackground("Delete model", store -> {
            store.delete(name);
            return "deleted model '" + name + "'";
        }));
    }

    /** @param architecture the architecture a weights-only file fits, or empty */
    public void importModel(Path file, String architecture) {
        services.importer().ifPresent(importer -> inBackground("Import model",
                store -> "imported model '" + importer.importModel(file, "", architecture).name() + "'"));
    }

    public void exportSelected(Path file) {
        selected().map(ModelInfo::name).ifPresent(name -> services.exporter().ifPresent(exporter ->
                inBackground("Export model", store -> {
                    exporter.exportModel(name, file);
                    return "exported model '" + name + "' to " + file;
                })));
    }

    /** Runs a store operation off the UI thread and reports how it went. */
    public void inBackground(String operation, StoreWork work) {
        Optional<ModelStore> store = services.modelStore();
        if (store.isEmpty()) {
            return;
        }
        try {
            files.execute(() -> {
                try {
                    reporter.done(work.run(store.get()));
                } catch (ModelException | RuntimeException e) {
                    reporter.failed(operation, Ui.message(e));
                }
                changed.run();
            });
        } catch (RejectedExecutionException e) {
            // closed: the view is gone
        }
    }

    // --- models side by side ----------------------------------------------------------------

    /** Puts the selected model beside the others compared. */
    public void addSelectedToComparison() {
        selected().ifPresent(m -> {
            synchronized (compared) {
                compared.add(m.name());
            }
            compareAgain();
        });
    }

    public void clearComparison() {
        synchronized (compared) {
            compared.clear();
        }
        compareAgain();
    }

    public List<String> compared() {
        synchronized (compared) {
            return List.copyOf(compared);
        }
    }

    /** How many test images the disagreements are looked for in (0 = all). */
    public void setTestImages(int n) {
        if (n != testImages) {
            testImages = Math.max(0, n);
            compareAgain();
        }
    }

    public int testImages() {
        return testImages;
    }

    /** The compared models' validation accuracy per epoch, in the order they were added. */
    public List<Curve> curves() {
        List<ModelInfo> models = models();
        List<Curve> out = new ArrayList<>();
        for (String name : compared()) {
            List<double[]> points = new ArrayList<>();
            models.stream().filter(m -> m.name().equals(name)).findFirst().ifPresent(m -> {
                for (EpochMetrics h : m.history()) {
                    points.add(new double[] {h.epoch() + 1, h.validationAccuracy()});
                }
            });
            out.add(new Curve(name, points));
        }
        return out;
    }

    /** The compared models' figures in columns, with the last comparison's on the test images. */
    public String metricsText() {
        List<String> names = compared();
        if (names.isEmpty()) {
            return "Select a model and 'Add to comparison' to put models side by side.";
        }
        List<ModelInfo> models = models();
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%-16s", ""));
        names.forEach(n -> text.append(String.format(Locale.ROOT, "%14s", n)));
        text.append('\n');
        row(text, names, models, "architecture", ModelInfo::architecture);
        row(text, names, models, "parameters", m -> String.format(Locale.ROOT, "%,d", m.parameters()));
        row(text, names, models, "epochs", m -> Integer.toString(m.epochs()));
        row(text, names, models, "test accuracy", m -> Ui.percent(m.testAccuracy()));
        row(text, names, models, "top-3", m -> Ui.percent(m.testTop3()));
        row(text, names, models, "temperature", m -> m.calibration() == null ? "-"
                : String.format(Locale.ROOT, "%.3f", m.calibration().temperature()));
        row(text, names, models, "val. ECE", m -> m.calibration() == null ? "-" : Ui.percent(m.calibration().eceAfter()));
        Comparison c = comparison;
        if (c != null) {
            text.append(String.format(Locale.ROOT, "%non %,d images of %s:%n", c.count(), c.dataset()));
            cells(text, "accuracy", c, k -> Ui.percent(c.evaluations().get(k).accuracy()));
            cells(text, "ECE", c, k -> Ui.percent(c.evaluations().get(k).reliability().ece()));
            cells(text, "not a digit", c, k -> Integer.toString(c.evaluations().get(k).notADigit()));
            if (c.disagreements().size() == c.disagreementCount()) {
                cells(text, "right, differing", c, k -> Integer.toString(c.rightAmongDisagreements(k)));
            }
        }
        return text.toString();
    }

    private static void row(StringBuilder text, List<String> names, List<ModelInfo> models, String head,
            Function<ModelInfo, String> cell) {
        text.append(String.format(Locale.ROOT, "%-16s", head));
        for (String name : names) {
            text.append(String.format(Locale.ROOT, "%14s", models.stream().filter(m -> m.name().equals(name)).findFirst()
                    .map(cell).orElse("(gone)")));
        }
        text.append('\n');
    }

    private static void cells(StringBuilder text, String head, Comparison c, java.util.function.IntFunction<String> cell) {
        text.append(String.format(Locale.ROOT, "%-16s", head));
        for (int k = 0; k < c.evaluations().size(); k++) {
            text.append(String.format(Locale.ROOT, "%14s", cell.apply(k)));
        }
        text.append('\n');
    }

    public Phase phase() {
        return phase;
    }

    /** The last comparison of the models side by side, or null. */
    public Comparison comparison() {
        return comparison;
    }

    /** The line above the disagreement gallery: what is compared, where it stands, how many. */
    public String disagreementsText() {
        List<String> names = compared();
        return switch (phase) {
            case IDLE -> names.size() < 2 ? "Put two models or more side by side to see the test images where they disagree"
                    : "";
            case RUNNING -> "Looking for the test images where " + String.join(" and ", names) + " disagree...";
            case FAILED -> "No disagreements: " + problem;
            case DONE -> {
                Comparison c = comparison;
                String counts = String.format(Locale.ROOT, "%s disagree on %,d of %,d %s images", String.join(" and ",
                        c.recognizerIds().stream().map(ModelsModel::modelName).toList()), c.disagreementCount(),
                        c.count(), c.dataset());
                if (c.disagreementCount() == 0) {
                    yield counts;
                }
                List<String> right = new ArrayList<>();
                for (int k = 0; k < c.evaluations().size(); k++) {
                    right.add(modelName(c.recognizerIds().get(k)) + " " + c.rightAmongDisagreements(k));
                }
                yield counts + (c.disagreements().size() < c.disagreementCount()
                        ? String.format(Locale.ROOT, " (%d shown)", c.disagreements().size()) : "")
                        + "; right there: " + String.join(", ", right) + ". Under each: the true digit, then each "
                        + "model's answer, ✓ where right";
            }
        };
    }

    /** The images where the compared models disagree, each with every model's answer. */
    public List<Tile> disagreementTiles() {
        Comparison c = comparison;
        if (phase != Phase.DONE || c == null) {
            return List.of();
        }
        List<Tile> tiles = new ArrayList<>();
        List<String> ids = c.recognizerIds();
        for (Comparison.Disagreement d : c.disagreements()) {
            StringBuilder caption = new StringBuilder().append(d.label()).append(':');
            StringBuilder tooltip = new StringBuilder(String.format(Locale.ROOT, "test image %d, a %d:", d.index(), d.label()));
            for (int k = 0; k < ids.size(); k++) {
                Prediction.Ranked a = d.answers().get(k);
                caption.append(' ').append(a.label()).append(d.right(k) ? "✓" : "");
                tooltip.append(String.format(Locale.ROOT, " %s %d (%.0f%%)%s%s", modelName(ids.get(k)), a.label(),
                        100 * a.probability(), d.right(k) ? ", right" : "", k < ids.size() - 1 ? ";" : ""));
            }
            tiles.add(new Tile(d.image(), caption.toString(), tooltip.toString()));
        }
        return tiles;
    }

    private static String modelName(String recognizerId) {
        return recognizerId.startsWith("cnn:") ? recognizerId.substring(4) : recognizerId;
    }

    /** The set compared or the images changed: compares again in the background, or clears. */
    private void compareAgain() {
        List<String> names = compared();
        int asked;
        synchronized (compared) {
            asked = ++generation;
        }
        comparison = null;
        problem = "";
        if (names.size() < 2) {
            phase = Phase.IDLE;
            changed.run();
            return;
        }
        phase = Phase.RUNNING;
        changed.run();
        int limit = testImages;
        try {
            comparisons.execute(() -> {
                if (!current(asked)) {
                    return; // overtaken while it waited
                }
                Comparison result = null;
                String failure = null;
                try {
                    result = compare(names, limit);
                } catch (Exception | LinkageError e) {
                    failure = Ui.message(e);
                }
                synchronized (compared) {
                    if (generation != asked) {
                        return;
                    }
                    comparison = result;
                    problem = failure == null ? "" : failure;
                    phase = result != null ? Phase.DONE : Phase.FAILED;
                }
                changed.run();
            });
        } catch (RejectedExecutionException e) {
            // closed: the view is gone
        }
    }

    private boolean current(int asked) {
        synchronized (compared) {
            return generation == asked;
        }
    }

    /** On the comparison thread. */
    private Comparison compare(List<String> names, int limit) throws Exception {
        Evaluator evaluator = services.evaluator().orElseThrow(() -> new IllegalStateException("the evaluator is not present"));
        List<Recognizer> present = services.selection().map(Selection::recognizers).orElse(List.of());
        List<Recognizer> recognizers = new ArrayList<>();
        for (String name : names) {
            recognizers.add(present.stream().filter(r -> r.id().equals("cnn:" + name)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the model '" + name + "' is not offered as a recognizer"
                            + " (a stored model that cannot be loaded is not)")));
        }
        DatasetProvider dataset = dataset(names);
        LabelledImages test = dataset.test();
        if (limit > 0 && limit < test.count()) {
            test = test.slice(0, limit);
        }
        return evaluator.compare(recognizers, test, MAX_DISAGREEMENTS);
    }

    /** The first compared model's dataset if present, else MNIST. */
    private DatasetProvider dataset(List<String> names) {
        String own = models().stream().filter(m -> m.name().equals(names.get(0))).findFirst().map(ModelInfo::datasetId)
                .orElse(DATASET);
        return services.dataset(own).or(() -> services.dataset(DATASET)).orElseThrow(() -> new IllegalStateException(
                "neither the dataset '" + own + "' nor " + DATASET + " is present"));
    }
}
