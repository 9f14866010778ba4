package digits.ui.internal.train;

import digits.api.BatchProgress;
import digits.api.BusyException;
import digits.api.ComputeBackend;
import digits.api.EpochMetrics;
import digits.api.Trainer;
import digits.api.TrainingListener;
import digits.api.TrainingOutcome;
import digits.api.TrainingRequest;
import digits.api.TrainingRun;
import digits.ui.internal.Services;
import digits.ui.internal.Status;
import digits.ui.internal.Ui;
import digits.ui.internal.widgets.Theme;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;

/**
 * The Train tab: the settings on the left with Start, Stop and Resume; the run's progress and
 * live charts on the right. The run trains on the trainer's own thread; its events reach the
 * monitor through {@code asyncExec}, batches coalesced, so the window never waits for training.
 */
public final class TrainView {

    private final Composite root;
    private final Services services;
    private final Status status;
    private final TrainingForm form;
    private final TrainingMonitor monitor;
    private final Button start;
    private final Button stop;
    private final Button resume;

    /** The run this view started and follows; a number tells its events from an older run's. */
    private TrainingRun run;
    private boolean runFinished;
    private int runNumber;

    public TrainView(Composite parent, Theme theme, Services services, Status status) {
        this.services = services;
        this.status = status;
        root = new Composite(parent, SWT.NONE);
        root.setLayout(Ui.grid(2, 12, 16));

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
        stop.addListener(SWT.Selection, e -> stop());
        resume.addListener(SWT.Selection, e -> resume());

        monitor = new TrainingMonitor(root, theme);
        monitor.control().setLayoutData(Ui.fill());
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
        monitor.showBackend(services.backend().map(ComputeBackend::info).map(i -> "Computing on " + i.summary())
                .orElse("No compute backend"));
        updateButtons();
    }

    /** The optimizers (or the active one) changed. UI thread. */
    public void optimizersChanged() {
        form.optimizersChanged();
        updateButtons();
    }

    private void updateButtons() {
        boolean trainer = services.trainer().isPresent();
        // the trainer forgets a run a moment after its last event: ours counts as ended at once
        boolean running = services.trainer().flatMap(Trainer::current)
                .filter(r -> r != run || !runFinished).isPresent();
        start.setEnabled(trainer && !running && form.complete());
        resume.setEnabled(trainer && !running);
        stop.setEnabled(running);
    }

    private void start() {
        Optional<Trainer> trainer = services.trainer();
        if (trainer.isEmpty()) {
            return;
        }
        TrainingRequest request;
        try {
            request = form.request();
        } catch (IllegalArgumentException e) {
            status.error("Start training", e.getMessage());
            return;
        }
        launch("Start training", request.epochs(), listener -> trainer.get().start(request, listener));
    }

    private void resume() {
        Optional<Trainer> trainer = services.trainer();
        String name = form.modelName();
        if (trainer.isPresent()) {
            launch("Resume training", form.epochs(), listener -> trainer.get().resume(name, form.epochs(), listener));
        }
    }

    private interface Launch {
        TrainingRun start(TrainingListener listener) throws BusyException;
    }

    private void launch(String operation, int epochs, Launch launch) {
        runNumber++;
        run = null;
        runFinished = false;
        monitor.begin(epochs);
        try {
            run = launch.start(new Listener(runNumber));
            run.completion().whenComplete((o, e) -> Ui.async(root, this::updateButtons));
            status.message(String.format(Locale.ROOT, "training '%s' on %s: %d epochs", run.request().modelName(),
                    run.request().datasetId(), run.request().epochs()));
        } catch (BusyException | IllegalArgumentException e) {
            status.error(operation, e.getMessage());
            monitor.notStarted(e.getMessage());
        }
        updateButtons();
    }

    private void stop() {
        services.trainer().flatMap(Trainer::current).ifPresent(r -> {
            r.stop();
            status.message("stopping '" + r.request().modelName() + "' after the current batch");
        });
        stop.setEnabled(false);
    }

    private void epoch(EpochMetrics m) {
        // drawn from the run's history, which also holds the epochs before a resume
        List<EpochMetrics> all = new ArrayList<>(run == null ? List.of() : run.history());
        if (all.stream().noneMatch(h -> h.epoch() == m.epoch())) {
            all.add(m);
        }
        monitor.epoch(m, all);
    }

    private void finished(TrainingOutcome o) {
        runFinished = true;
        String what = monitor.finished(o);
        if (o.state() == TrainingOutcome.State.FAILED) {
            status.error("Training", o.message());
        } else {
            status.message("training " + what.toLowerCase(Locale.ROOT) + ": " + o.message());
        }
        updateButtons();
    }

    /** Hands a run's events to the UI thread; ignored once a newer run has started. */
    private final class Listener implements TrainingListener {
        private final int number;
        private final ConcurrentLinkedQueue<BatchProgress> pending = new ConcurrentLinkedQueue<>();
        private final Ui.Coalescer drain;

        Listener(int number) {
            this.number = number;
            drain = new Ui.Coalescer(root, () -> {
                List<BatchProgress> batch = new ArrayList<>();
                for (BatchProgress b; (b = pending.poll()) != null;) {
                    batch.add(b);
                }
                if (mine()) {
                    monitor.batches(batch);
                }
            });
        }

        private boolean mine() {
            return number == runNumber;
        }

        private void later(Runnable r) {
            Ui.async(root, () -> {
                if (mine()) {
                    r.run();
                }
            });
        }

        @Override
        public void onStart(TrainingRequest request, int trainImages, int validationImages) {
            later(() -> monitor.started(request, trainImages, validationImages));
        }

        @Override
        public void onBatch(BatchProgress p) {
            pending.add(p);
            drain.request();
        }

        @Override
        public void onEpoch(EpochMetrics m) {
            later(() -> epoch(m));
        }

        @Override
        public void onMessage(String message) {
            later(() -> {
                monitor.message(message);
                status.message(message);
            });
        }

        @Override
        public void onFinished(TrainingOutcome outcome) {
            // after the batches still queued, so the progress ends where the run ended
            later(() -> {
                drain.request();
                later(() -> finished(outcome));
            });
        }
    }
}
