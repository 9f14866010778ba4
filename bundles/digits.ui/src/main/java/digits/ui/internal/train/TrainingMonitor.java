package digits.ui.internal.train;

import digits.api.BatchProgress;
import digits.api.EpochMetrics;
import digits.api.TrainingOutcome;
import digits.api.TrainingRequest;
import digits.ui.internal.Ui;
import digits.ui.internal.widgets.LineChart;
import digits.ui.internal.widgets.Theme;
import java.util.List;
import java.util.Locale;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ProgressBar;
import org.eclipse.swt.widgets.Text;

/**
 * How a run goes: a progress bar with "epoch e/E · batch b/B · %, elapsed, ETA", charts of the
 * loss and accuracy per epoch (train and validation) and of the loss per batch, and a log of the
 * run's messages. Told of the run's events on the UI thread.
 */
final class TrainingMonitor {

    private final Composite root;
    private final Label backend;
    private final ProgressBar progress;
    private final Label progressText;
    private final LineChart lossChart;
    private final LineChart accuracyChart;
    private final LineChart batchChart;
    private final Text log;
    private final int trainLoss;
    private final int validationLoss;
    private final int trainAccuracy;
    private final int validationAccuracy;
    private final int batchLoss;
    private long started;
    private int epochs;

    TrainingMonitor(Composite parent, Theme theme) {
        root = new Composite(parent, SWT.NONE);
        root.setLayout(Ui.grid(2, 0, 10));
        backend = new Label(root, SWT.NONE);
        backend.setForeground(theme.muted);
        backend.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        progress = Ui.named(new ProgressBar(root, SWT.SMOOTH | SWT.HORIZONTAL), "train.progress");
        progress.setMaximum(1000);
        progress.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        progressText = Ui.named(new Label(root, SWT.NONE), "train.progress.text");
        progressText.setText("No run yet: choose the settings and press Start.");
        progressText.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));

        lossChart = new LineChart(root, theme, "Loss per epoch", "epoch").integerX();
        trainLoss = lossChart.addSeries("train", theme.magenta);
        validationLoss = lossChart.addSeries("validation", theme.accent);
        lossChart.control().setLayoutData(Ui.fill());
        accuracyChart = new LineChart(root, theme, "Accuracy per epoch", "epoch").integerX().percent();
        trainAccuracy = accuracyChart.addSeries("train", theme.magenta);
        validationAccuracy = accuracyChart.addSeries("validation", theme.accent);
        accuracyChart.control().setLayoutData(Ui.fill());
        batchChart = new LineChart(root, theme, "Loss per batch", "epoch");
        batchLoss = batchChart.addSeries("batch loss", theme.accent2);
        batchChart.control().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1));

        log = new Text(root, SWT.MULTI | SWT.READ_ONLY | SWT.V_SCROLL | SWT.BORDER | SWT.WRAP);
        GridData logData = new GridData(SWT.FILL, SWT.FILL, true, false, 2, 1);
        logData.heightHint = 70;
        log.setLayoutData(logData);
    }

    Control control() {
        return root;
    }

    void showBackend(String line) {
        backend.setText(line);
    }

    /** A new run: everything from the last one is cleared. */
    void begin(int totalEpochs) {
        started = System.currentTimeMillis();
        epochs = totalEpochs;
        lossChart.clear();
        accuracyChart.clear();
        batchChart.clear();
        log.setText("");
        progress.setSelection(0);
        progressText.setText("Starting: reading the dataset...");
    }

    void notStarted(String why) {
        progressText.setText("Not started: " + why);
    }

    void started(TrainingRequest request, int trainImages, int validationImages) {
        epochs = request.epochs();
        progressText.setText(String.format(Locale.ROOT, "Training '%s' on %,d images, validating on %,d...",
                request.modelName(), trainImages, validationImages));
        append(String.format(Locale.ROOT, "%s: %s, %s, batch %d, %d epochs; %,d training and %,d validation images",
                request.modelName(), request.architecture(), request.optimizerId(), request.batchSize(),
                request.epochs(), trainImages, validationImages));
    }

    void batches(List<BatchProgress> batch) {
        BatchProgress last = null;
        for (BatchProgress b : batch) {
            batchChart.add(batchLoss, b.epoch() + (b.batch() + 1) / (double) b.batchesPerEpoch(), b.loss());
            last = b;
        }
        if (last == null) {
            return;
        }
        double done = last.fractionDone(epochs);
        long elapsed = System.currentTimeMillis() - started;
        long eta = done > 0 ? Math.round(elapsed * (1 - done) / done) : 0;
        progress.setSelection((int) Math.round(progress.getMaximum() * Math.min(1, done)));
        progressText.setText(String.format(Locale.ROOT,
                "epoch %d/%d · batch %d/%d · %d%% · elapsed %s · ETA %s · %.0f images/s", last.epoch() + 1, epochs,
                last.batch() + 1, last.batchesPerEpoch(), percent(), Ui.clock(elapsed), Ui.clock(eta),
                last.imagesPerSecond()));
    }

    /** An epoch ended; {@code history} is every epoch of the run so far (those before a resume too). */
    void epoch(EpochMetrics m, List<EpochMetrics> history) {
        lossChart.clear();
        accuracyChart.clear();
        for (EpochMetrics h : history) {
            lossChart.add(trainLoss, h.epoch() + 1, h.trainLoss());
            lossChart.add(validationLoss, h.epoch() + 1, h.validationLoss());
            accuracyChart.add(trainAccuracy, h.epoch() + 1, h.trainAccuracy());
            accuracyChart.add(validationAccuracy, h.epoch() + 1, h.validationAccuracy());
        }
        append(String.format(Locale.ROOT,
                "epoch %d: train loss %.4f, accuracy %s; validation loss %.4f, accuracy %s, top-3 %s; lr %s",
                m.epoch() + 1, m.trainLoss(), Ui.percent(m.trainAccuracy()), m.validationLoss(),
                Ui.percent(m.validationAccuracy()), Ui.percent(m.validationTop3()), Ui.number(m.learningRate())));
    }

    void message(String line) {
        append(line);
    }

    /** @return a word for how it ended */
    String finished(TrainingOutcome o) {
        long elapsed = System.currentTimeMillis() - started;
        if (o.state() == TrainingOutcome.State.COMPLETED || o.state() == TrainingOutcome.State.EARLY_STOPPED) {
            progress.setSelection(progress.getMaximum());
        }
        String what = switch (o.state()) {
            case COMPLETED -> "Completed";
            case EARLY_STOPPED -> "Stopped early";
            case STOPPED -> "Stopped";
            case FAILED -> "Failed";
        };
        progressText.setText(what + (o.modelName().isEmpty() ? "" : ": model '" + o.modelName() + "' stored") + " · "
                + percent() + "% · elapsed " + Ui.clock(elapsed)
                + (o.state() == TrainingOutcome.State.STOPPED ? " · checkpoint kept: Resume continues it" : ""));
        append(o.message());
        return what;
    }

    private void append(String line) {
        log.append((log.getCharCount() > 0 ? "\n" : "") + line);
    }

    private int percent() {
        return (int) Math.floor(100.0 * progress.getSelection() / progress.getMaximum() + 1e-9);
    }
}
