package digits.ui.internal.draw;

import digits.ui.internal.Services;
import digits.ui.internal.Status;
import digits.ui.internal.Ui;
import java.util.function.IntConsumer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ProgressBar;
import org.eclipse.swt.widgets.Text;

/**
 * The Draw tab's Teach panel: the drawings saved per digit and which to draw next, one-click
 * saving of a drawing under the digit it really is, "Adapt to my handwriting" with its progress,
 * the before-and-after figures and the switch to the adapted recognizer. Renders a
 * {@link TeachModel}.
 */
final class TeachPanel {

    private final Group root;
    private final TeachModel model;
    private final Status status;
    private final Text counts;
    private final Text prompt;
    private final Button[] saveAs = new Button[10];
    private final Button adapt;
    private final ProgressBar progress;
    private final Text step;
    private final Text figures;
    private final Button useAdapted;
    private final Ui.Coalescer refresh;
    private boolean canSave;
    private TeachModel.Phase shownPhase = TeachModel.Phase.READY;

    /** @param save saves the drawing on the canvas under a digit */
    TeachPanel(Composite parent, Services services, Status status, IntConsumer save) {
        this.status = status;
        root = new Group(parent, SWT.NONE);
        root.setText("Teach it your handwriting");
        root.setLayout(Ui.grid(1, 6, 6));
        refresh = new Ui.Coalescer(root, this::render);
        model = new TeachModel(services, refresh::request);

        // what is saved and what to draw, then the adaptation
        Composite mine = column();
        new Label(mine, SWT.NONE).setText("Saved drawings");
        counts = readOnly(mine, SWT.MULTI);
        new Label(mine, SWT.NONE).setText("Next");
        prompt = readOnly(mine, SWT.MULTI | SWT.WRAP);
        ((GridData) prompt.getLayoutData()).widthHint = 480;
        new Label(mine, SWT.NONE).setText("Wrong? It was a");
        Composite digits = new Composite(mine, SWT.NONE);
        digits.setLayout(Ui.grid(10, 0, 2));
        for (int d = 0; d <= 9; d++) {
            int label = d;
            saveAs[d] = new Button(digits, SWT.PUSH);
            saveAs[d].setText(Integer.toString(d));
            saveAs[d].setToolTipText("Save this drawing as a " + d + ", in one click");
            saveAs[d].addListener(SWT.Selection, e -> save.accept(label));
        }

        adapt = new Button(mine, SWT.PUSH);
        adapt.setText("Adapt to my handwriting");
        adapt.addListener(SWT.Selection, e -> model.adapt());
        progress = new ProgressBar(mine, SWT.HORIZONTAL);
        progress.setMaximum(100);
        progress.setLayoutData(Ui.fillHorizontal());
        new Label(mine, SWT.NONE).setText("Adaptation");
        step = readOnly(mine, SWT.SINGLE);
        new Label(mine, SWT.NONE).setText("Before and after");
        figures = readOnly(mine, SWT.MULTI);
        useAdapted = new Button(mine, SWT.CHECK);
        useAdapted.setText("Use the adapted recognizer");
        useAdapted.setLayoutData(new GridData(SWT.BEGINNING, SWT.CENTER, false, false, 2, 1));
        useAdapted.addListener(SWT.Selection, e -> switchRecognizer());
        model.refresh();
    }

    /** Labels and their values, in pairs: a test finds a value by the label before it. */
    private Composite column() {
        Composite c = new Composite(root, SWT.NONE);
        c.setLayout(Ui.grid(2, 0, 6));
        c.setLayoutData(new GridData(SWT.FILL, SWT.BEGINNING, true, false));
        return c;
    }

    private static Text readOnly(Composite parent, int style) {
        Text t = new Text(parent, SWT.READ_ONLY | style);
        t.setBackground(parent.getBackground());
        t.setLayoutData(Ui.fillHorizontal());
        return t;
    }

    Control control() {
        return root;
    }

    /** A drawing was saved (or the store came or went): count again. */
    void drawingsChanged() {
        model.refresh();
    }

    /** Whether the canvas holds a drawing that can be saved. UI thread. */
    void setCanSave(boolean can) {
        canSave = can;
        render();
    }

    private void switchRecognizer() {
        try {
            model.useAdapted(useAdapted.getSelection());
        } catch (IllegalArgumentException e) {
            status.problem(e.getMessage());
        }
        render();
    }

    private void render() {
        counts.setText(model.countsText());
        prompt.setText(model.prompt());
        for (Button b : saveAs) {
            b.setEnabled(canSave);
        }
        adapt.setEnabled(model.adaptBlocked().isEmpty());
        adapt.setToolTipText(model.adaptBlocked().map(why -> "Not now: " + why)
                .orElse("Fine-tune a copy of the active recognizer's model on your drawings, in the background"));
        progress.setSelection((int) Math.round(100 * switch (model.phase()) {
            case RUNNING -> model.progress();
            case DONE -> 1.0;
            default -> 0.0;
        }));
        step.setText(model.stepText());
        figures.setText(model.figures());
        useAdapted.setEnabled(model.canSwitch());
        useAdapted.setSelection(model.usingAdapted());
        TeachModel.Phase phase = model.phase();
        if (phase != shownPhase) {
            shownPhase = phase;
            if (phase == TeachModel.Phase.DONE) {
                status.message("Adapted to your handwriting: " + model.figures().replace('\n', ';'));
            } else if (phase == TeachModel.Phase.FAILED) {
                status.error("Adapt to my handwriting", model.stepText());
            }
        }
        root.layout(true, true);
    }
}
