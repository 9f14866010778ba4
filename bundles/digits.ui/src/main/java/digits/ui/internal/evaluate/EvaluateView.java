package digits.ui.internal.evaluate;

import digits.ui.internal.Services;
import digits.ui.internal.Status;
import digits.ui.internal.Ui;
import digits.ui.internal.widgets.ImageGallery;
import digits.ui.internal.widgets.Pixels;
import digits.ui.internal.widgets.Theme;
import java.util.List;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Image;
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
 * The Evaluate tab: renders an {@link EvaluateModel}. The choices, Evaluate and a busy bar on
 * top; the figures, a per-class table, the confusion matrix as a heat map (a click on a cell, or
 * the arrow keys, show its images) and the gallery of images.
 */
public final class EvaluateView {

    private final Composite root;
    private final EvaluateModel model;
    private final Combo recognizer;
    private final Combo dataset;
    private final Spinner limit;
    private final Button evaluate;
    private final ProgressBar busy;
    private final Label summary;
    private final Table perClass;
    private final ConfusionMatrixView matrix;
    private final Label galleryCaption;
    private final ImageGallery gallery;
    private static final int WHY_SCALE = 4;
    private final Label whyAnswer;
    private final Label whyRunnerUp;
    private final Label why;
    private EvaluateModel.Why shownWhy;
    /** The evaluation the matrix and the table show, so they are filled once per evaluation. */
    private Object shownEvaluation;
    private List<EvaluateModel.Tile> shownTiles;

    public EvaluateView(Composite parent, Theme theme, Services services, Status status) {
        root = new Composite(parent, SWT.NONE);
        root.setLayout(Ui.grid(2, 12, 10));
        model = new EvaluateModel(services, Ui.onDisplay(root, status));

        Composite bar = new Composite(root, SWT.NONE);
        bar.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        bar.setLayout(Ui.grid(9, 0, 8));
        new Label(bar, SWT.NONE).setText("Model");
        recognizer = new Combo(bar, SWT.READ_ONLY);
        GridData modelData = new GridData(SWT.FILL, SWT.CENTER, false, false);
        modelData.widthHint = 240;
        recognizer.setLayoutData(modelData);
        new Label(bar, SWT.NONE).setText("Dataset");
        dataset = new Combo(bar, SWT.READ_ONLY);
        new Label(bar, SWT.NONE).setText("Images");
        limit = new Spinner(bar, SWT.BORDER);
        limit.setValues(10_000, 0, 1_000_000, 0, 1000, 10_000);
        limit.setToolTipText("Evaluate the first N test images (0 = all)");
        evaluate = new Button(bar, SWT.PUSH);
        evaluate.setText("Evaluate");
        evaluate.addListener(SWT.Selection, e -> model.evaluate(chosen(recognizer, EvaluateModel.ACTIVE),
                chosen(dataset, null), limit.getSelection()));
        busy = new ProgressBar(bar, SWT.INDETERMINATE);
        busy.setVisible(false);
        busy.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));

        summary = new Label(root, SWT.WRAP);
        summary.setFont(theme.heading);
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
        matrix.onClick(model::selectCell);

        galleryCaption = Ui.named(new Label(root, SWT.NONE), "evaluate.gallery.caption");
        galleryCaption.setFont(theme.bold);
        galleryCaption.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        gallery = new ImageGallery(root, theme);
        GridData galleryData = new GridData(SWT.FILL, SWT.FILL, true, false, 1, 1);
        galleryData.heightHint = 190;
        gallery.control().setLayoutData(galleryData);
        Ui.named(gallery.control(), "evaluate.gallery");
        gallery.onSelect(i -> model.explain(i));

        Composite whyPanel = new Composite(root, SWT.NONE);
        whyPanel.setLayout(Ui.grid(2, 0, 6));
        whyPanel.setLayoutData(new GridData(SWT.BEGINNING, SWT.BEGINNING, false, false));
        whyAnswer = Ui.named(new Label(whyPanel, SWT.BORDER), "evaluate.why.answer");
        whyRunnerUp = Ui.named(new Label(whyPanel, SWT.BORDER), "evaluate.why.runner-up");
        for (Label l : new Label[] {whyAnswer, whyRunnerUp}) {
            GridData d = new GridData(SWT.BEGINNING, SWT.BEGINNING, false, false);
            d.widthHint = 28 * WHY_SCALE + 2;
            d.heightHint = 28 * WHY_SCALE + 2;
            l.setLayoutData(d);
        }
        why = Ui.named(new Label(whyPanel, SWT.WRAP), "evaluate.why");
        GridData whyData = new GridData(SWT.FILL, SWT.BEGINNING, false, false, 2, 1);
        whyData.widthHint = 2 * 28 * WHY_SCALE + 8;
        why.setLayoutData(whyData);
        root.addDisposeListener(e -> showWhy(null));

        model.addListener(new Ui.Coalescer(root, this::render)::request);
        root.addDisposeListener(e -> model.dispose());
        servicesChanged();
        render();
    }

    public Control control() {
        return root;
    }

    private static String chosen(Combo combo, String otherwise) {
        int i = combo.getSelectionIndex();
        return i < 0 ? otherwise : combo.getItem(i);
    }

    /** Models, recognizers, datasets or the evaluator changed. UI thread. */
    public void servicesChanged() {
        setItems(recognizer, model.recognizerChoices(), EvaluateModel.ACTIVE);
        setItems(dataset, model.datasetIds(), "mnist");
        recognizer.setToolTipText(model.activeRecognizer().orElse(null));
        evaluate.setEnabled(model.canEvaluate());
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

    /** Shows the model's state. UI thread. */
    private void render() {
        evaluate.setEnabled(model.canEvaluate());
        busy.setVisible(model.running());
        summary.setText(model.summary());
        model.evaluation().filter(e -> e != shownEvaluation).ifPresent(e -> {
            shownEvaluation = e;
            perClass.removeAll();
            for (String[] row : model.perClassRows()) {
                new TableItem(perClass, SWT.NONE).setText(row);
            }
            matrix.show(e.confusion(), model.classNames());
        });
        int[] cell = model.selectedCell();
        if (cell[0] >= 0) {
            matrix.select(cell[0], cell[1]);
        }
        if (model.gallery() != shownTiles) {
            shownTiles = model.gallery();
            gallery.setTiles(shownTiles.stream().map(t -> new ImageGallery.Tile(t.image(), t.caption())).toList(),
                    model.galleryEmpty());
        }
        galleryCaption.setText(model.galleryCaption());
        why.setText(model.whyText());
        EvaluateModel.Why w = model.why().orElse(null);
        if (w != shownWhy) {
            showWhy(w);
        }
        root.layout(true, true);
    }

    /** Lays the answer's and the runner-up's maps over the image, side by side; null clears them. */
    private void showWhy(EvaluateModel.Why w) {
        shownWhy = w;
        for (Label l : new Label[] {whyAnswer, whyRunnerUp}) {
            if (!l.isDisposed() && l.getImage() != null) {
                l.getImage().dispose();
                l.setImage(null);
                l.setToolTipText(null);
            }
        }
        if (w == null || root.isDisposed()) {
            return;
        }
        whyAnswer.setImage(new Image(root.getDisplay(), Pixels.withSaliency(w.image(), w.explanation().answerMap(),
                WHY_SCALE)));
        whyRunnerUp.setImage(new Image(root.getDisplay(), Pixels.withSaliency(w.image(),
                w.explanation().runnerUpMap(), WHY_SCALE)));
        whyAnswer.setToolTipText("saliency map of " + w.explanation().answer().label() + ", the answer");
        whyRunnerUp.setToolTipText("saliency map of " + w.explanation().runnerUp().label() + ", the runner-up");
    }
}
