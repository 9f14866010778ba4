package digits.ui.internal.draw;

import digits.api.Prediction;
import digits.api.Preprocessor;
import digits.api.Recognizer;
import digits.api.Selection;
import digits.api.DrawingStore;
import digits.ui.internal.Services;
import digits.ui.internal.Status;
import digits.ui.internal.Ui;
import digits.ui.internal.widgets.Pixels;
import digits.ui.internal.widgets.SquareLayout;
import digits.ui.internal.widgets.Theme;
import java.util.List;
import java.util.Optional;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;

/**
 * The Draw tab: the canvas and its tools on the left; on the right the recognizer selector, the
 * prediction with the top five, and the 28x28 input the model saw with the time it took; under
 * the canvas the Teach panel, which adapts the model to the drawings saved.
 */
public final class DrawView {

    private static final int PANEL_WIDTH = 430;
    /** At most one snapshot of a growing stroke is recognized in this time; a finished stroke at once. */
    static final int INTERVAL_MS = 60;
    static final String UPDATING = "Updating for the latest strokes.";

    private final Composite root;
    private final Services services;
    private final Status status;
    private final DrawingCanvas canvas;
    private final DrawModel model;
    private final PredictionPanel panel;
    private final InputPreview preview;
    private final Label inputCaption;
    private final Label timing;
    private final Combo recognizers;
    private final Button pen;
    private final Button eraser;
    private final Spinner width;
    private final Button undo;
    private final Button clear;
    private final Combo saveLabel;
    private final Button save;
    private final Combo why;
    private final TeachPanel teach;
    private long lastRequest;
    private boolean timerPending;

    public DrawView(Composite parent, Theme theme, Services services, Status status) {
        this.services = services;
        this.status = status;
        root = new Composite(parent, SWT.NONE);
        root.setLayout(Ui.grid(2, 12, 16));
        model = new DrawModel(services, Ui.onDisplay(root, status));

        // left: the canvas, square, as large as the tab allows, and its tools below
        Composite left = new Composite(root, SWT.NONE);
        left.setLayoutData(Ui.fill());
        left.setLayout(Ui.grid(1, 0, 8));
        Composite holder = new Composite(left, SWT.NONE);
        holder.setLayout(new SquareLayout(DrawingCanvas.REFERENCE_SIDE));
        GridData holderData = Ui.fill();
        holderData.minimumWidth = DrawingCanvas.REFERENCE_SIDE;
        holderData.minimumHeight = DrawingCanvas.REFERENCE_SIDE;
        holder.setLayoutData(holderData);
        canvas = new DrawingCanvas(holder, theme);

        Composite tools = new Composite(left, SWT.NONE);
        tools.setLayoutData(new GridData(SWT.CENTER, SWT.CENTER, true, false));
        tools.setLayout(Ui.grid(10, 0, 6));
        pen = new Button(tools, SWT.RADIO);
        pen.setText("Pen");
        pen.setSelection(true);
        eraser = new Button(tools, SWT.RADIO);
        eraser.setText("Eraser");
        pen.addListener(SWT.Selection, e -> canvas.setEraser(eraser.getSelection()));
        eraser.addListener(SWT.Selection, e -> canvas.setEraser(eraser.getSelection()));
        new Label(tools, SWT.NONE).setText("Width");
        width = new Spinner(tools, SWT.BORDER);
        width.setValues(DrawingCanvas.DEFAULT_BRUSH, 4, 48, 0, 1, 4);
        width.setToolTipText("Brush width in pixels on a 280-pixel canvas (scaled with the canvas)");
        width.addListener(SWT.Modify, e -> canvas.setBrush(width.getSelection()));
        undo = new Button(tools, SWT.PUSH);
        undo.setText("Undo");
        undo.setToolTipText("Remove the last stroke (Ctrl+Z)");
        undo.addListener(SWT.Selection, e -> canvas.undo());
        clear = new Button(tools, SWT.PUSH);
        clear.setText("Clear");
        clear.setToolTipText("Start again (Esc)");
        clear.addListener(SWT.Selection, e -> canvas.clear());
        Label sep = new Label(tools, SWT.SEPARATOR | SWT.VERTICAL);
        GridData sepData = new GridData(SWT.CENTER, SWT.FILL, false, false);
        sepData.heightHint = 20;
        sep.setLayoutData(sepData);
        new Label(tools, SWT.NONE).setText("Save drawing as");
        saveLabel = new Combo(tools, SWT.READ_ONLY);
        for (int d = 0; d <= 9; d++) {
            saveLabel.add(Integer.toString(d));
        }
        saveLabel.select(0);
        saveLabel.setToolTipText("The digit you drew: the drawing is stored with this label for the 'drawings' dataset");
        save = new Button(tools, SWT.PUSH);
        save.setText("Save");
        save.addListener(SWT.Selection, e -> saveDrawing(saveLabel.getSelectionIndex()));
        // under the canvas: teaching the model this hand
        teach = new TeachPanel(left, services, status, this::saveDrawing);
        teach.control().setLayoutData(Ui.fillHorizontal());

        // right: what the recognizer makes of it
        Composite right = new Composite(root, SWT.NONE);
        GridData rightData = new GridData(SWT.FILL, SWT.FILL, false, true);
        rightData.widthHint = PANEL_WIDTH;
        right.setLayoutData(rightData);
        right.setLayout(Ui.grid(2, 0, 8));
        new Label(right, SWT.NONE).setText("Recognizer");
        recognizers = new Combo(right, SWT.READ_ONLY);
        recognizers.setLayoutData(Ui.fillHorizontal());
        recognizers.addListener(SWT.Selection, e -> useRecognizer());
        panel = new PredictionPanel(right, theme);
        GridData panelData = new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1);
        panelData.minimumHeight = 360;
        panel.control().setLayoutData(panelData);

        Composite seen = new Composite(right, SWT.NONE);
        seen.setLayoutData(new GridData(SWT.FILL, SWT.END, true, false, 2, 1));
        seen.setLayout(Ui.grid(2, 0, 12));
        preview = new InputPreview(seen, theme);
        GridData previewData = new GridData(SWT.BEGINNING, SWT.BEGINNING, false, false, 1, 2);
        previewData.widthHint = InputPreview.SIZE;
        previewData.heightHint = InputPreview.SIZE;
        preview.control().setLayoutData(previewData);
        inputCaption = new Label(seen, SWT.WRAP);
        inputCaption.setFont(theme.bold);
        inputCaption.setText("What the model saw");
        inputCaption.setLayoutData(new GridData(SWT.FILL, SWT.END, true, false));
        timing = new Label(seen, SWT.WRAP);
        timing.setForeground(theme.muted);
        timing.setLayoutData(new GridData(SWT.FILL, SWT.BEGINNING, true, true));
        Composite whyRow = new Composite(seen, SWT.NONE);
        whyRow.setLayoutData(new GridData(SWT.FILL, SWT.BEGINNING, true, false, 2, 1));
        whyRow.setLayout(Ui.grid(2, 0, 8));
        new Label(whyRow, SWT.NONE).setText("Show why");
        why = new Combo(whyRow, SWT.READ_ONLY);
        why.setItems(DrawModel.WHY.toArray(String[]::new));
        why.select(0);
        why.setToolTipText("Lay a saliency map over what the model saw: the ink that made it answer so (occlusion sensitivity)");
        why.addListener(SWT.Selection, e -> model.setWhy(why.getSelectionIndex()));

        model.addListener(new Ui.Coalescer(root, this::render)::request);
        root.addDisposeListener(e -> model.dispose());
        canvas.addListener(settled -> {
            updateButtons();
            request(settled);
        });
        canvas.control().addListener(SWT.KeyDown, e -> {
            if ((e.stateMask & SWT.MOD1) != 0 && (e.keyCode == 'z' || e.keyCode == 'Z')) {
                canvas.undo();
            } else if (e.keyCode == SWT.ESC || e.keyCode == SWT.DEL) {
                canvas.clear();
            }
        });
        servicesChanged();
    }

    public Control control() {
        return root;
    }

    /** The services changed: the preprocessor, the selection, the drawing store. UI thread. */
    public void servicesChanged() {
        refreshRecognizers();
        teach.drawingsChanged();
        updateButtons();
        inputCaption.setText("What the model saw: 28×28, preprocessor "
                + services.preprocessor().map(Preprocessor::id).map(id -> "'" + id + "'").orElse("(none)"));
        request(true);
    }

    /** The recognizers changed (one came, went, or was chosen). UI thread. */
    public void recognizersChanged() {
        refreshRecognizers();
        if (!canvas.isEmpty()) {
            request(true);
        }
    }

    private void refreshRecognizers() {
        Selection s = services.selection().orElse(null);
        List<Recognizer> all = s == null ? List.of() : s.recognizers();
        String active = s == null ? null : s.activeRecognizer().map(Recognizer::id).orElse(null);
        String[] items = all.stream().map(Recognizer::id).sorted().toArray(String[]::new);
        if (!List.of(items).equals(List.of(recognizers.getItems()))) {
            recognizers.setItems(items);
        }
        int index = active == null ? -1 : List.of(items).indexOf(active);
        if (index >= 0) {
            recognizers.select(index);
        } else {
            recognizers.deselectAll();
        }
        recognizers.setToolTipText(s == null ? null : s.activeRecognizer().map(Recognizer::description).orElse(null));
        recognizers.setEnabled(items.length > 0);
    }

    private void useRecognizer() {
        int i = recognizers.getSelectionIndex();
        Selection s = services.selection().orElse(null);
        if (i < 0 || s == null) {
            return;
        }
        try {
            s.useRecognizer(recognizers.getItem(i));
        } catch (IllegalArgumentException e) {
            status.problem(e.getMessage());
            refreshRecognizers();
        }
    }

    private void updateButtons() {
        boolean ink = !canvas.isEmpty();
        undo.setEnabled(ink);
        clear.setEnabled(ink);
        Optional<DrawingStore> sink = services.drawings();
        save.setEnabled(ink && sink.isPresent());
        teach.setCanSave(ink && sink.isPresent());
        save.setToolTipText(sink.map(d -> "Store the 28x28 input in " + d.folder())
                .orElse("Saving needs the data bundle's drawing store, which is not present"));
    }

    /**
     * Asks the model about the drawing as it is: at once when a stroke ended ({@code now}), else at
     * most every {@value #INTERVAL_MS} ms while a stroke grows. UI thread.
     */
    private void request(boolean now) {
        long elapsed = System.currentTimeMillis() - lastRequest;
        if (now || elapsed >= INTERVAL_MS) {
            submit();
        } else if (!timerPending) {
            timerPending = true;
            root.getDisplay().timerExec((int) (INTERVAL_MS - elapsed), () -> {
                timerPending = false;
                if (!root.isDisposed()) {
                    submit();
                    describe();
                }
            });
        }
        describe();
    }

    private void submit() {
        lastRequest = System.currentTimeMillis();
        if (canvas.isEmpty()) {
            model.request(canvas.generation(), null);
        } else {
            ImageData picture = canvas.snapshot();
            model.request(canvas.generation(), () -> Pixels.inkOf(picture));
        }
    }

    /**
     * Says in the panel's tooltip (GTK's accessible description: a painted canvas has no text)
     * what it shows, and whether an answer for newer strokes is on its way.
     */
    private void describe() {
        boolean fresh = model.current() && !timerPending;
        panel.control().setToolTipText(fresh ? model.description() : model.description() + " " + UPDATING);
    }

    /** Shows the model's state. UI thread. */
    private void render() {
        Prediction p = model.prediction();
        if (p != null) {
            panel.show(p);
        } else {
            panel.showMessage(model.message(), model.isProblem());
        }
        describe();
        preview.show(model.input());
        preview.overlay(model.saliency());
        canvas.overlay(model.drawingSaliency());
        timing.setText(model.timing());
        timing.getParent().layout();
    }

    /** Saves the drawing as it is now under {@code label}. */
    private void saveDrawing(int label) {
        if (!canvas.isEmpty()) {
            ImageData picture = canvas.snapshot();
            model.save(label, () -> Pixels.inkOf(picture), () -> Ui.async(root, teach::drawingsChanged));
        }
    }
}
