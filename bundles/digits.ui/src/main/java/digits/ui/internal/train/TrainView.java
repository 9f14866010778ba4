package digits.ui.internal.train;

import digits.api.TrainingRequest;
import digits.ui.internal.Services;
import digits.ui.internal.Status;
import digits.ui.internal.Ui;
import digits.ui.internal.widgets.Theme;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;

/**
 * The Train tab: the settings on the left with Start, Stop and Resume; the run's progress and
 * live charts on the right, rendered from a {@link TrainModel}. The run trains on the trainer's
 * own thread; the model's changes reach the monitor coalesced, so the window never waits for
 * training.
 */
public final class TrainView {

    private final Composite root;
    private final Status status;
    private final TrainingForm form;
    private final TrainingMonitor monitor;
    private final TrainModel model;
    private final Button start;
    private final Button stop;
    private final Button resume;

    public TrainView(Composite parent, Theme theme, Services services, Status status) {
        this.status = status;
        root = new Composite(parent, SWT.NONE);
        root.setLayout(Ui.grid(2, 12, 16));
        model = new TrainModel(services, Ui.onDisplay(root, status));

        Composite left = new Composite(root, SWT.NONE);
        GridData leftData = new GridData(SWT.FILL, SWT.FILL, false, true);
        leftData.widthHint = 330;
        left.setLayoutData(leftData);
        left.setLayout(Ui.grid(1, 0, 8));
        form = new TrainingForm(left, services, status);
        form.control().setLayoutData(Ui.fillHorizontal());
        Composite buttons = new Composite(left, SWT.NONE);
        buttons.setLayout(Ui.grid(3, 0, 6));
        buttons.setLayoutData(Ui.fillHorizontal());
        start = button(buttons, "Start", "Train a new model with these settings");
        stop = button(buttons, "Stop", "Stop after the current batch; the best model and a checkpoint are kept");
        resume = button(buttons, "Resume",
                "Continue the run stored under the model name from its checkpoint, up to Epochs in all");
        start.addListener(SWT.Selection, e -> start());
        stop.addListener(SWT.Selection, e -> {
            model.stop();
            stop.setEnabled(false);
        });
        resume.addListener(SWT.Selection, e -> model.resume(form.modelName(), form.epochs()));

        monitor = new TrainingMonitor(root, theme);
        monitor.control().setLayoutData(Ui.fill());
        model.addListener(new Ui.Coalescer(root, this::render)::request);
        servicesChanged();
    }

    private static Button button(Composite parent, String text, String tip) {
        Button b = new Button(parent, SWT.PUSH);
        b.setText(text);
        b.setToolTipText(tip);
        b.setLayoutData(Ui.fillHorizontal());
        return b;
    }

    public Control control() {
        return root;
    }

    /** Services came or went: datasets, the trainer, optimizers, the backend. UI thread. */
    public void servicesChanged() {
        form.servicesChanged();
        render();
    }

    /** The optimizers (or the active one) changed. UI thread. */
    public void optimizersChanged() {
        form.optimizersChanged();
        updateButtons();
    }

    private void render() {
        monitor.render(model);
        updateButtons();
    }

    private void updateButtons() {
        boolean trainer = model.trainerPresent();
        boolean running = model.running();
        start.setEnabled(trainer && !running && form.complete());
        resume.setEnabled(trainer && !running);
        stop.setEnabled(running);
    }

    private void start() {
        TrainingRequest request;
        try {
            request = form.request();
        } catch (IllegalArgumentException e) {
            status.error("Start training", e.getMessage());
            return;
        }
        model.start(request);
    }
}
