package digits.ui.internal.evaluate;

import digits.api.DatasetProvider;
import digits.api.Evaluation;
import digits.api.Evaluator;
import digits.api.GrayImage;
import digits.api.LabelledImages;
import digits.api.ModelStore;
import digits.api.Prediction;
import digits.api.Recognizer;
import digits.api.Selection;
import digits.ui.internal.Services;
import digits.ui.internal.Status;
import digits.ui.internal.Ui;
import digits.ui.internal.widgets.ImageGallery;
import digits.ui.internal.widgets.Theme;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ProgressBar;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;

/**
 * The Evaluate tab: a recognizer (a stored model or the active one) measured on a dataset's test
 * images, off the UI thread. Shows the accuracies, a per-class table, the confusion matrix as a
 * heat map (a click on a cell shows its images) and the misclassified images, most confident
 * first.
 */
public final class EvaluateView {

    static final String ACTIVE = "Active recognizer";
    private static final int MAX_MISTAKES = 200;
    private static final int MAX_CELL_IMAGES = 300;

    private final Composite root;
    private final Services services;
    private final Status status;
    private final Combo model;
    private final Combo dataset;
    private final Spinner limit;
    private final Button evaluate;
    private final ProgressBar busy;
    private final Label summary;
    private final Table perClass;
    private final ConfusionMatrixView matrix;
    private final Label galleryCaption;
    private final ImageGallery gallery;
    private final ExecutorService worker = Ui.worker("digits-evaluation");

    /**
     * The last evaluation and what it was made from, to find a cell's images: each image's
     * predicted class and its probability (-1 where the evaluator's answer was not seen).
     */
    private record Result(Evaluation evaluation, LabelledImages images, int[] predicted, float[] confidence,
            List<String> classNames) {}

    private Result last;
    private boolean running;

    public EvaluateView(Composite parent, Theme theme, Services services, Status status) {
        this.services = services;
        this.status = status;
        root = new Composite(parent, SWT.NONE);
        root.setLayout(Ui.grid(2, 12, 10));

        Composite bar = new Composite(root, SWT.NONE);
        bar.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        bar.setLayout(Ui.grid(9, 0, 8));
        new Label(bar, SWT.NONE).setText("Model");
        model = new Combo(bar, SWT.READ_ONLY);
        GridData modelData = new GridData(SWT.FILL, SWT.CENTER, false, false);
        modelData.widthHint = 240;
        model.setLayoutData(modelData);
        new Label(bar, SWT.NONE).setText("Dataset");
        dataset = new Combo(bar, SWT.READ_ONLY);
        new Label(bar, SWT.NONE).setText("Images");
        limit = new Spinner(bar, SWT.BORDER);
        limit.setValues(10_000, 0, 1_000_000, 0, 1000, 10_000);
        limit.setToolTipText("Evaluate the first N test images (0 = all)");
        evaluate = new Button(bar, SWT.PUSH);
        evaluate.setText("Evaluate");
        evaluate.addListener(SWT.Selection, e -> start());
        busy = new ProgressBar(bar, SWT.INDETERMINATE);
        busy.setVisible(false);
        busy.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));

        summary = new Label(root, SWT.WRAP);
        summary.setFont(theme.heading);
        summary.setText("Choose a model and a dataset, then Evaluate: the test images are recognized off the UI thread.");
        summary.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));

        perClass = new Table(root, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE);
        perClass.setHeaderVisible(true);
        perClass.setLinesVisible(true);
        for (String c : new String[] {"Class", "Precision", "Recall", "F1", "Images"}) {
            TableColumn col = new TableColumn(perClass, c.equals("Class") ? SWT.LEFT : SWT.RIGHT);
            col.setText(c);
            col.setWidth(c.equals("Class") ? 92 : 78);
        }
        GridData tableData = new GridData(SWT.BEGINNING, SWT.FILL, false, true);
        tableData.widthHint = 420;
        perClass.setLayoutData(tableData);

        matrix = new ConfusionMatrixView(root, theme);
        matrix.control().setLayoutData(Ui.fill());
        matrix.onClick(this::showCell);

        galleryCaption = Ui.named(new Label(root, SWT.NONE), "evaluate.gallery.caption");
        galleryCaption.setFont(theme.bold);
        galleryCaption.setText("Misclassified images");
        galleryCaption.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        gallery = new ImageGallery(root, theme);
        GridData galleryData = new GridData(SWT.FILL, SWT.FILL, true, false, 2, 1);
        galleryData.heightHint = 190;
        gallery.control().setLayoutData(galleryData);
        gallery.setTiles(List.of(), "Misclassified images appear here, most confident first");

        root.addDisposeListener(e -> worker.shutdownNow());
        servicesChanged();
    }

    public Control control() {
        return root;
    }

    /** Models, recognizers, datasets or the evaluator changed. UI thread. */
    public void servicesChanged() {
        Set<String> choices = new LinkedHashSet<>();
        choices.add(ACTIVE);
        services.modelStore().map(ModelStore::list).orElse(List.of()).forEach(m -> choices.add("cnn:" + m.name()));
        services.selection().map(Selection::recognizers).orElse(List.of()).stream().map(Recognizer::id).sorted()
                .forEach(choices::add);
        setItems(model, new ArrayList<>(choices), ACTIVE);
        setItems(dataset, services.datasetIds(), "mnist");
        Optional<Recognizer> active = services.selection().flatMap(Selection::activeRecognizer);
        model.setToolTipText(active.map(r -> "The active recognizer is " + r.id() + ": " + r.description()).orElse(null));
        updateButtons();
    }

    private static void setItems(Combo combo, List<String> items, String preferred) {
        int i = combo.getSelectionIndex();
        String chosen = i < 0 ? preferred : combo.getItem(i);
        if (!items.equals(List.of(combo.getItems()))) {
            combo.setItems(items.toArray(String[]::new));
        }
        int index = Math.max(items.indexOf(chosen), items.indexOf(preferred));
        if (items.contains(chosen)) {
            index = items.indexOf(chosen);
        }
        if (index < 0 && !items.isEmpty()) {
            index = 0;
        }
        if (index >= 0) {
            combo.select(index);
        }
        combo.setEnabled(!items.isEmpty());
    }

    private void updateButtons() {
        evaluate.setEnabled(!running && services.evaluator().isPresent() && dataset.getItemCount() > 0);
    }

    private Optional<Recognizer> chosenRecognizer(String choice) {
        if (ACTIVE.equals(choice)) {
            return services.selection().flatMap(Selection::activeRecognizer);
        }
        return services.selection().map(Selection::recognizers).orElse(List.of()).stream()
                .filter(r -> r.id().equals(choice)).findFirst();
    }

    private void start() {
        String choice = model.getSelectionIndex() < 0 ? ACTIVE : model.getItem(model.getSelectionIndex());
        Optional<Recognizer> recognizer = chosenRecognizer(choice);
        Optional<Evaluator> evaluator = services.evaluator();
        Optional<DatasetProvider> provider = dataset.getSelectionIndex() < 0 ? Optional.empty()
                : services.dataset(dataset.getItem(dataset.getSelectionIndex()));
        if (recognizer.isEmpty()) {
            status.error("Evaluate", "No recognizer for '" + choice + "' is present (a stored model that cannot be "
                    + "loaded is not offered as a recognizer)");
            return;
        }
        if (evaluator.isEmpty() || provider.isEmpty()) {
            status.problem("Evaluation needs the evaluator and a dataset");
            return;
        }
        int max = limit.getSelection();
        running = true;
        updateButtons();
        busy.setVisible(true);
        summary.setText("Evaluating " + recognizer.get().id() + " on " + provider.get().id() + "/test"
                + (max > 0 ? " (first " + String.format(Locale.ROOT, "%,d", max) + " images)" : "") + "...");
        try {
            worker.execute(() -> run(recognizer.get(), evaluator.get(), provider.get(), max));
        } catch (RejectedExecutionException e) {
            running = false;
        }
    }

    /** On the evaluation thread. */
    private void run(Recognizer recognizer, Evaluator evaluator, DatasetProvider provider, int max) {
        Result result = null;
        String failure = null;
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
            result = new Result(e, images, predicted, confidence, provider.classNames());
        } catch (Exception | LinkageError e) {
            failure = Ui.message(e);
        }
        Result r = result;
        String f = failure;
        Ui.async(root, () -> {
            running = false;
            busy.setVisible(false);
            updateButtons();
            if (r == null) {
                summary.setText("Evaluation failed: " + f);
                status.error("Evaluate", f);
            } else {
                show(r);
            }
        });
    }

    private void show(Result r) {
        last = r;
        Evaluation e = r.evaluation();
        summary.setText(String.format(Locale.ROOT,
                "Accuracy %s · top-1 %s · top-3 %s · top-5 %s · macro F1 %s · ECE %s · NLL %s · not a digit %,d"
                        + " — %,d images of %s in %.1f s by %s",
                Ui.percent(e.accuracy()), Ui.percent(e.top(1)), Ui.percent(e.top(3)), Ui.percent(e.top(5)),
                Ui.percent(e.macroF1()), e.reliability() == null ? "-" : Ui.percent(e.reliability().ece()),
                e.reliability() == null ? "-" : String.format(Locale.ROOT, "%.4f", e.reliability().nll()), e.notADigit(),
                e.count(), e.dataset(), e.millis() / 1000.0, e.recognizerId()));
        perClass.removeAll();
        int[][] confusion = e.confusion();
        for (int c = 0; c < confusion.length; c++) {
            int support = 0;
            for (int v : confusion[c]) {
                support += v;
            }
            String name = c < r.classNames().size() && !r.classNames().get(c).equals(Integer.toString(c))
                    ? c + " " + r.classNames().get(c) : Integer.toString(c);
            TableItem item = new TableItem(perClass, SWT.NONE);
            item.setText(new String[] {name, Ui.percent(e.precision()[c]), Ui.percent(e.recall()[c]),
                Ui.percent(e.f1()[c]), String.format(Locale.ROOT, "%,d", support)});
        }
        matrix.show(confusion, r.classNames());
        List<ImageGallery.Tile> tiles = new ArrayList<>();
        for (Evaluation.Mistake m : e.mistakes()) {
            tiles.add(new ImageGallery.Tile(m.image(), caption(m.label(), m.predicted(), m.confidence())));
        }
        galleryCaption.setText(String.format(Locale.ROOT, "Misclassified images, most confident first: %d shown of %,d",
                tiles.size(), e.count() - Math.round(e.accuracy() * e.count())));
        gallery.setTiles(tiles, "No image was misclassified");
        root.layout(true, true);
        status.message(String.format(Locale.ROOT, "evaluated %s: accuracy %s on %,d images", e.recognizerId(),
                Ui.percent(e.accuracy()), e.count()));
    }

    private static String caption(int label, int predicted, float confidence) {
        return String.format(Locale.ROOT, "%d → %d  %.0f%%", label, predicted, 100 * confidence);
    }

    /** The images of one cell, found from the answers kept during the evaluation. */
    private void showCell(int trueClass, int predictedClass) {
        if (last == null) {
            return;
        }
        record Hit(GrayImage image, float confidence) {}
        List<Hit> hits = new ArrayList<>();
        boolean complete = true;
        LabelledImages images = last.images();
        for (int i = 0; i < images.count(); i++) {
            if (images.label(i) != trueClass) {
                continue;
            }
            if (last.predicted()[i] < 0) {
                complete = false;
            } else if (last.predicted()[i] == predictedClass) {
                hits.add(new Hit(images.image(i), last.confidence()[i]));
            }
        }
        hits.sort(Comparator.comparingDouble(Hit::confidence).reversed());
        List<ImageGallery.Tile> tiles = new ArrayList<>();
        for (Hit h : hits.subList(0, Math.min(MAX_CELL_IMAGES, hits.size()))) {
            tiles.add(new ImageGallery.Tile(h.image(), caption(trueClass, predictedClass, h.confidence())));
        }
        galleryCaption.setText(String.format(Locale.ROOT, "True %d, predicted %d: %,d images%s%s", trueClass,
                predictedClass, hits.size(), hits.size() > tiles.size() ? " (" + tiles.size() + " shown)" : "",
                complete ? "" : " (the evaluator's answers were not all kept)"));
        gallery.setTiles(tiles, "No image in this cell");
        galleryCaption.getParent().layout();
    }
}
