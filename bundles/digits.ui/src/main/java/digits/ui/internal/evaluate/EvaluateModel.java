package digits.ui.internal.evaluate;

import digits.api.DatasetProvider;
import digits.api.Evaluation;
import digits.api.Evaluator;
import digits.api.Explainer;
import digits.api.Explanation;
import digits.api.GrayImage;
import digits.api.LabelledImages;
import digits.api.ModelStore;
import digits.api.Prediction;
import digits.api.Recognizer;
import digits.api.Selection;
import digits.ui.internal.PresentationModel;
import digits.ui.internal.Services;
import digits.ui.internal.Status;
import digits.ui.internal.Ui;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * What the Evaluate tab shows and does: a recognizer (a stored model or the active one)
 * measured on a dataset's test images on a worker thread; the result's figures, per-class rows
 * and confusion matrix; the misclassified images, most confident first, and the images of a
 * selected cell of the matrix.
 */
public final class EvaluateModel extends PresentationModel {

    public static final String ACTIVE = "Active recognizer";
    static final int MAX_MISTAKES = 200;
    static final int MAX_CELL_IMAGES = 300;

    /** One image of the gallery with its true class and its caption, e.g. {@code "3 → 5  87%"}. */
    public record Tile(GrayImage image, int label, String caption) {}

    /** Why the evaluated recognizer read a gallery's image as it did: its answer's and runner-up's maps. */
    public record Why(GrayImage image, int label, Explanation explanation) {}

    static final String WHY_HINT = "Click an image to see why it was read so: the ink (orange) that made the answer, "
            + "and what spoke for the runner-up";

    /**
     * The last evaluation and what it was made from, to find a cell's images: each image's
     * predicted class and its probability (-1 where the evaluator's answer was not seen).
     */
    private record Result(Recognizer recognizer, Evaluation evaluation, LabelledImages images, int[] predicted, float[] confidence,
            List<String> classNames) {}

    private final Services services;
    private final Status status;
    private final ExecutorService worker = Ui.worker("digits-evaluation");
    private volatile boolean running;
    private volatile Result last;
    private volatile String summary =
            "Choose a model and a dataset, then Evaluate: the test images are recognized off the UI thread.";
    private volatile List<Tile> gallery = List.of();
    private volatile String galleryCaption = "Misclassified images";
    private volatile String galleryEmpty = "Misclassified images appear here, most confident first";
    private volatile int[] selectedCell = {-1, -1};
    private volatile Why why;
    private volatile String whyText = WHY_HINT;
    /** Counts the explanations asked for: only the newest is kept. */
    private volatile int explanations;

    /** @param status where the outcome is reported, from the worker thread */
    public EvaluateModel(Services services, Status status) {
        this.services = services;
        this.status = status;
    }

    /** What can be evaluated: the active recognizer, each stored model, each recognizer offered. */
    public List<String> recognizerChoices() {
        Set<String> choices = new LinkedHashSet<>();
        choices.add(ACTIVE);
        services.modelStore().map(ModelStore::list).orElse(List.of()).forEach(m -> choices.add("cnn:" + m.name()));
        services.selection().map(Selection::recognizers).orElse(List.of()).stream().map(Recognizer::id).sorted()
                .forEach(choices::add);
        return new ArrayList<>(choices);
    }

    public List<String> datasetIds() {
        return services.datasetIds();
    }

    /** The active recognizer in a sentence, for the model selector's tip. */
    public Optional<String> activeRecognizer() {
        return services.selection().flatMap(Selection::activeRecognizer)
                .map(r -> "The active recognizer is " + r.id() + ": " + r.description());
    }

    public boolean canEvaluate() {
        return !running && services.evaluator().isPresent() && !services.datasetIds().isEmpty();
    }

    public boolean running() {
        return running;
    }

    private Optional<Recognizer> recognizer(String choice) {
        if (ACTIVE.equals(choice)) {
            return services.selection().flatMap(Selection::activeRecognizer);
        }
        return services.selection().map(Selection::recognizers).orElse(List.of()).stream()
                .filter(r -> r.id().equals(choice)).findFirst();
    }

    /**
     * Evaluates the chosen recognizer on the first {@code limit} test images (0: all) of the
     * dataset, on the worker thread; listeners hear when it starts and when it ends.
     */
    public void evaluate(String choice, String datasetId, int limit) {
        Optional<Recognizer> recognizer = recognizer(choice);
        Optional<Evaluator> evaluator = services.evaluator();
        Optional<DatasetProvider> provider = datasetId == null ? Optional.empty() : services.dataset(datasetId);
        if (recognizer.isEmpty()) {
            status.error("Evaluate", "No recognizer for '" + choice + "' is present (a stored model that cannot be "
                    + "loaded is not offered as a recognizer)");
            return;
        }
        if (evaluator.isEmpty() || provider.isEmpty()) {
            status.problem("Evaluation needs the evaluator and a dataset");
            return;
        }
        running = true;
        summary = "Evaluating " + recognizer.get().id() + " on " + provider.get().id() + "/test"
                + (limit > 0 ? " (first " + String.format(Locale.ROOT, "%,d", limit) + " images)" : "") + "...";
        changed();
        try {
            worker.execute(() -> run(recognizer.get(), evaluator.get(), provider.get(), limit));
        } catch (RejectedExecutionException e) {
            running = false;
        }
    }

    private void run(Recognizer recognizer, Evaluator evaluator, DatasetProvider provider, int max) {
        Result result;
        try {
            LabelledImages images = provider.test();
            if (max > 0 && max < images.count()) {
                images = images.slice(0, max);
            }
            RecordingRecognizer recording = new RecordingRecognizer(recognizer);
            Evaluation e = evaluator.evaluate(recording, images, MAX_MISTAKES);
            int[] predicted = new int[images.count()];
            float[] confidence = new float[images.count()];
            for (int i = 0; i < images.count(); i++) {
                Prediction p = recording.answerFor(images.image(i));
                predicted[i] = p == null ? -1 : p.best().label();
                confidence[i] = p == null ? 0 : p.best().probability();
            }
            result = new Result(recognizer, e, images, predicted, confidence, provider.classNames());
        } catch (Exception | LinkageError e) {
            running = false;
            summary = "Evaluation failed: " + Ui.message(e);
            changed();
            status.error("Evaluate", Ui.message(e));
            return;
        }
        show(result);
    }

    private void show(Result r) {
        Evaluation e = r.evaluation();
        last = r;
        selectedCell = new int[] {-1, -1};
        summary = String.format(Locale.ROOT,
                "Accuracy %s · top-1 %s · top-3 %s · top-5 %s · macro F1 %s · ECE %s · NLL %s · not a digit %,d"
                        + " — %,d images of %s in %.1f s by %s",
                Ui.percent(e.accuracy()), Ui.percent(e.top(1)), Ui.percent(e.top(3)), Ui.percent(e.top(5)),
                Ui.percent(e.macroF1()), e.reliability() == null ? "-" : Ui.percent(e.reliability().ece()),
                e.reliability() == null ? "-" : String.format(Locale.ROOT, "%.4f", e.reliability().nll()), e.notADigit(),
                e.count(), e.dataset(), e.millis() / 1000.0, e.recognizerId());
        List<Tile> tiles = new ArrayList<>();
        for (Evaluation.Mistake m : e.mistakes()) {
            tiles.add(new Tile(m.image(), m.label(), caption(m.label(), m.predicted(), m.confidence())));
        }
        gallery = List.copyOf(tiles);
        clearWhy();
        galleryEmpty = "No image was misclassified";
        galleryCaption = String.format(Locale.ROOT, "Misclassified images, most confident first: %d shown of %,d",
                tiles.size(), e.count() - Math.round(e.accuracy() * e.count()));
        running = false;
        changed();
        status.message(String.format(Locale.ROOT, "evaluated %s: accuracy %s on %,d images", e.recognizerId(),
                Ui.percent(e.accuracy()), e.count()));
    }

    private static String caption(int label, int predicted, float confidence) {
        return String.format(Locale.ROOT, "%d → %d  %.0f%%", label, predicted, 100 * confidence);
    }

    /** The figures of the last evaluation in a line, or what is going on. */
    public String summary() {
        return summary;
    }

    /** The last evaluation, if one ended. */
    public Optional<Evaluation> evaluation() {
        return Optional.ofNullable(last).map(Result::evaluation);
    }

    /** The dataset's class names of the last evaluation. */
    public List<String> classNames() {
        return last == null ? List.of() : last.classNames();
    }

    /** One row per class: its name, precision, recall, F1 and how many images it has. */
    public List<String[]> perClassRows() {
        Result r = last;
        if (r == null) {
            return List.of();
        }
        Evaluation e = r.evaluation();
        List<String[]> rows = new ArrayList<>();
        int[][] confusion = e.confusion();
        for (int c = 0; c < confusion.length; c++) {
            int support = 0;
            for (int v : confusion[c]) {
                support += v;
            }
            String name = c < r.classNames().size() && !r.classNames().get(c).equals(Integer.toString(c))
                    ? c + " " + r.classNames().get(c) : Integer.toString(c);
            rows.add(new String[] {name, Ui.percent(e.precision()[c]), Ui.percent(e.recall()[c]), Ui.percent(e.f1()[c]),
                String.format(Locale.ROOT, "%,d", support)});
        }
        return rows;
    }

    /** The images the gallery shows: the mistakes, or the selected cell's. */
    public List<Tile> gallery() {
        return gallery;
    }

    public String galleryCaption() {
        return galleryCaption;
    }

    /** What the gallery says when it has no image. */
    public String galleryEmpty() {
        return galleryEmpty;
    }

    /** The selected cell of the confusion matrix, {row, column}, or {-1, -1}. */
    public int[] selectedCell() {
        return selectedCell.clone();
    }

    /** Selects a cell of the confusion matrix: the gallery shows its images, found from the answers kept. */
    public void selectCell(int trueClass, int predictedClass) {
        Result r = last;
        if (r == null) {
            return;
        }
        record Hit(GrayImage image, float confidence) {}
        List<Hit> hits = new ArrayList<>();
        boolean complete = true;
        LabelledImages images = r.images();
        for (int i = 0; i < images.count(); i++) {
            if (images.label(i) != trueClass) {
                continue;
            }
            if (r.predicted()[i] < 0) {
                complete = false;
            } else if (r.predicted()[i] == predictedClass) {
                hits.add(new Hit(images.image(i), r.confidence()[i]));
            }
        }
        hits.sort(Comparator.comparingDouble(Hit::confidence).reversed());
        List<Tile> tiles = new ArrayList<>();
        for (Hit h : hits.subList(0, Math.min(MAX_CELL_IMAGES, hits.size()))) {
            tiles.add(new Tile(h.image(), trueClass, caption(trueClass, predictedClass, h.confidence())));
        }
        selectedCell = new int[] {trueClass, predictedClass};
        gallery = List.copyOf(tiles);
        clearWhy();
        galleryEmpty = "No image in this cell";
        galleryCaption = String.format(Locale.ROOT, "True %d, predicted %d: %,d images%s%s", trueClass,
                predictedClass, hits.size(), hits.size() > tiles.size() ? " (" + tiles.size() + " shown)" : "",
                complete ? "" : " (the evaluator's answers were not all kept)");
        changed();
    }

    private void clearWhy() {
        explanations++; // one still on its way is of an image no longer shown
        why = null;
        whyText = WHY_HINT;
    }

    /** Finds, on the worker thread, why the evaluated recognizer read the gallery's {@code tile}-th image so. */
    public void explain(int tile) {
        Result r = last;
        List<Tile> tiles = gallery;
        Optional<Explainer> explainer = services.explainer();
        if (r == null || tile < 0 || tile >= tiles.size()) {
            return;
        }
        if (explainer.isEmpty()) {
            whyText = "No saliency maps: the explainer is not present";
            changed();
            return;
        }
        Tile t = tiles.get(tile);
        int asked = ++explanations;
        why = null;
        whyText = "Finding what made it answer so...";
        changed();
        try {
            worker.execute(() -> {
                Why found = null;
                String text;
                try {
                    Explanation x = explainer.get().explainTopTwo(r.recognizer(), t.image());
                    found = new Why(t.image(), t.label(), x);
                    text = String.format(Locale.ROOT, "A %d read as %d (%.0f%%), runner-up %d (%.0f%%). Left: the ink "
                            + "that made it a %d; right: what spoke for %d", t.label(), x.answer().label(),
                            100 * x.answer().probability(), x.runnerUp().label(), 100 * x.runnerUp().probability(),
                            x.answer().label(), x.runnerUp().label());
                } catch (RuntimeException e) {
                    text = "No saliency map: " + Ui.message(e);
                }
                if (asked == explanations) {
                    why = found;
                    whyText = text;
                    changed();
                }
            });
        } catch (RejectedExecutionException e) {
            // disposed
        }
    }

    /** The last explanation of a gallery's image, if one is shown. */
    public Optional<Why> why() {
        return Optional.ofNullable(why);
    }

    /** What the explanation says, or how to get one. */
    public String whyText() {
        return whyText;
    }

    /** Stops the worker: the view is gone. */
    public void dispose() {
        worker.shutdownNow();
    }
}
