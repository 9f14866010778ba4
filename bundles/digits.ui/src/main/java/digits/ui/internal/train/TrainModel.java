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
import digits.ui.internal.PresentationModel;
import digits.ui.internal.Services;
import digits.ui.internal.Status;
import digits.ui.internal.Ui;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the Train tab's run shows and does, without a widget: start, resume and stop; the run's
 * progress with its elapsed time and ETA; the curves of loss and accuracy per epoch (train and
 * validation) and of the loss per batch; the log of its messages. The run trains on the
 * trainer's own thread; its events update this model there, and a run's events are ignored once
 * a newer run has started.
 */
public final class TrainModel extends PresentationModel {

    /** The curves the monitor draws. */
    public enum Curve { TRAIN_LOSS, VALIDATION_LOSS, TRAIN_ACCURACY, VALIDATION_ACCURACY, BATCH_LOSS }

    /** A point of a curve: an epoch (fractional for batches) and a value. */
    public record Point(double x, double y) {}

    private final Services services;
    private final Status status;
    private final Map<Curve, List<Point>> curves = new EnumMap<>(Curve.class);
    private final List<String> log = new ArrayList<>();
    /** The run this model started and follows; a number tells its events from an older run's. */
    private volatile int runNumber;
    private volatile TrainingRun run;
    private volatile boolean runFinished;
    private volatile long started;
    private volatile int epochs;
    private volatile double done;
    private volatile String progress = "No run yet: choose the settings and press Start.";

    /** @param status where the run's messages and failures are reported, from any thread */
    public TrainModel(Services services, Status status) {
        this.services = services;
        this.status = status;
        for (Curve c : Curve.values()) {
            curves.put(c, new ArrayList<>());
        }
    }

    /** The compute backend in a line. */
    public String backend() {
        return services.backend().map(ComputeBackend::info).map(i -> "Computing on " + i.summary())
                .orElse("No compute backend");
    }

    public boolean trainerPresent() {
        return services.trainer().isPresent();
    }

    /** Whether a run is going on (the trainer forgets a run a moment after its last event: ours counts as ended at once). */
    public boolean running() {
        return services.trainer().flatMap(Trainer::current).filter(r -> r != run || !runFinished).isPresent();
    }

    /** Starts a new run with these settings. */
    public void start(TrainingRequest request) {
        Optional<Trainer> trainer = services.trainer();
        if (trainer.isPresent()) {
            launch("Start training", request.epochs(), listener -> trainer.get().start(request, listener));
        }
    }

    /** Continues the run stored under {@code name} from its checkpoint, up to {@code totalEpochs}. */
    public void resume(String name, int totalEpochs) {
        Optional<Trainer> trainer = services.trainer();
        if (trainer.isPresent()) {
            launch("Resume training", totalEpochs, listener -> trainer.get().resume(name, totalEpochs, listener));
        }
    }

    private interface Launch {
        TrainingRun start(TrainingListener listener) throws BusyException;
    }

    private void launch(String operation, int totalEpochs, Launch launch) {
        int number;
        synchronized (this) {
            number = ++runNumber;
            run = null;
            runFinished = false;
            started = System.currentTimeMillis();
            epochs = totalEpochs;
            done = 0;
            curves.values().forEach(List::clear);
            log.clear();
            progress = "Starting: reading the dataset...";
        }
        changed();
        try {
            TrainingRun r = launch.start(new Listener(number));
            run = r;
            r.completion().whenComplete((o, e) -> changed());
            status.message(String.format(Locale.ROOT, "training '%s' on %s: %d epochs", r.request().modelName(),
                    r.request().datasetId(), r.request().epochs()));
        } catch (BusyException | IllegalArgumentException e) {
            status.error(operation, e.getMessage());
            progress = "Not started: " + e.getMessage();
        }
        changed();
    }

    /** Stops the run after its current batch; the best model and a checkpoint are kept. */
    public void stop() {
        services.trainer().flatMap(Trainer::current).ifPresent(r -> {
            r.stop();
            status.message("stopping '" + r.request().modelName() + "' after the current batch");
        });
    }

    /** Which run the curves and the log are of: a new number, a new run. */
    public int runNumber() {
        return runNumber;
    }

    public List<Point> curve(Curve c) {
        return curve(c, 0);
    }

    /** The points of a curve from the {@code from}th on (a view adds what it has not drawn yet). */
    public synchronized List<Point> curve(Curve c, int from) {
        List<Point> all = curves.get(c);
        return List.copyOf(all.subList(Math.min(from, all.size()), all.size()));
    }

    /** The run's log lines from the {@code from}th on. */
    public synchronized List<String> log(int from) {
        return List.copyOf(log.subList(Math.min(from, log.size()), log.size()));
    }

    /** How far the run is, 0 to 1. */
    public double done() {
        return done;
    }

    public int percent() {
        return (int) Math.floor(100 * done + 1e-9);
    }

    /** {@code "epoch 1/1 · batch 53/53 · 100% · elapsed 0:07 · ETA 0:00 · 880 images/s"}, or how the run ended. */
    public String progressText() {
        return progress;
    }

    private synchronized void append(String line) {
        log.add(line);
    }

    /** A run's events, on the trainer's thread; ignored once a newer run has started. */
    private final class Listener implements TrainingListener {
        private final int number;

        Listener(int number) {
            this.number = number;
        }

        private boolean mine() {
            return number == runNumber;
        }

        @Override
        public void onStart(TrainingRequest request, int trainImages, int validationImages) {
            if (!mine()) {
                return;
            }
            epochs = request.epochs();
            progress = String.format(Locale.ROOT, "Training '%s' on %,d images, validating on %,d...",
                    request.modelName(), trainImages, validationImages);
            append(String.format(Locale.ROOT, "%s: %s, %s, batch %d, %d epochs; %,d training and %,d validation images",
                    request.modelName(), request.architecture(), request.optimizerId(), request.batchSize(),
                    request.epochs(), trainImages, validationImages));
            changed();
        }

        @Override
        public void onBatch(BatchProgress b) {
            if (!mine()) {
                return;
            }
            synchronized (TrainModel.this) {
                curves.get(Curve.BATCH_LOSS).add(new Point(b.epoch() + (b.batch() + 1) / (double) b.batchesPerEpoch(),
                        b.loss()));
            }
            done = Math.min(1, b.fractionDone(epochs));
            long elapsed = System.currentTimeMillis() - started;
            long eta = done > 0 ? Math.round(elapsed * (1 - done) / done) : 0;
            progress = String.format(Locale.ROOT,
                    "epoch %d/%d · batch %d/%d · %d%% · elapsed %s · ETA %s · %.0f images/s", b.epoch() + 1, epochs,
                    b.batch() + 1, b.batchesPerEpoch(), percent(), Ui.clock(elapsed), Ui.clock(eta),
                    b.imagesPerSecond());
            changed();
        }

        @Override
        public void onEpoch(EpochMetrics m) {
            if (!mine()) {
                return;
            }
            // drawn from the run's history, which also holds the epochs before a resume
            TrainingRun r = run;
            List<EpochMetrics> all = new ArrayList<>(r == null ? List.of() : r.history());
            if (all.stream().noneMatch(h -> h.epoch() == m.epoch())) {
                all.add(m);
            }
            synchronized (TrainModel.this) {
                for (Curve c : List.of(Curve.TRAIN_LOSS, Curve.VALIDATION_LOSS, Curve.TRAIN_ACCURACY,
                        Curve.VALIDATION_ACCURACY)) {
                    curves.get(c).clear();
                }
                for (EpochMetrics h : all) {
                    curves.get(Curve.TRAIN_LOSS).add(new Point(h.epoch() + 1, h.trainLoss()));
                    curves.get(Curve.VALIDATION_LOSS).add(new Point(h.epoch() + 1, h.validationLoss()));
                    curves.get(Curve.TRAIN_ACCURACY).add(new Point(h.epoch() + 1, h.trainAccuracy()));
                    curves.get(Curve.VALIDATION_ACCURACY).add(new Point(h.epoch() + 1, h.validationAccuracy()));
                }
            }
            append(String.format(Locale.ROOT,
                    "epoch %d: train loss %.4f, accuracy %s; validation loss %.4f, accuracy %s, top-3 %s; lr %s",
                    m.epoch() + 1, m.trainLoss(), Ui.percent(m.trainAccuracy()), m.validationLoss(),
                    Ui.percent(m.validationAccuracy()), Ui.percent(m.validationTop3()), Ui.number(m.learningRate())));
            changed();
        }

        @Override
        public void onMessage(String message) {
            if (mine()) {
                append(message);
                status.message(message);
                changed();
            }
        }

        @Override
        public void onFinished(TrainingOutcome o) {
            if (!mine()) {
                return;
            }
            runFinished = true;
            long elapsed = System.currentTimeMillis() - started;
            if (o.state() == TrainingOutcome.State.COMPLETED || o.state() == TrainingOutcome.State.EARLY_STOPPED) {
                done = 1;
            }
            String what = switch (o.state()) {
                case COMPLETED -> "Completed";
                case EARLY_STOPPED -> "Stopped early";
                case STOPPED -> "Stopped";
                case FAILED -> "Failed";
            };
            progress = what + (o.modelName().isEmpty() ? "" : ": model '" + o.modelName() + "' stored") + " · "
                    + percent() + "% · elapsed " + Ui.clock(elapsed)
                    + (o.state() == TrainingOutcome.State.STOPPED ? " · checkpoint kept: Resume continues it" : "");
            append(o.message());
            if (o.state() == TrainingOutcome.State.FAILED) {
                status.error("Training", o.message());
            } else {
                status.message("training " + what.toLowerCase(Locale.ROOT) + ": " + o.message());
            }
            changed();
        }
    }
}
