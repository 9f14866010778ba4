package digits.ui.internal.train;

import digits.ui.internal.Ui;
import digits.ui.internal.widgets.LineChart;
import digits.ui.internal.widgets.Theme;
import java.util.List;
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
 * run's messages. Renders a {@link TrainModel}.
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
    private int shownRun = -1;
    private int shownBatches;
    private int shownLines;

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

    /** Shows the run's state. UI thread. */
    void render(TrainModel model) {
        backend.setText(model.backend());
        if (model.runNumber() != shownRun) {
            shownRun = model.runNumber();
            batchChart.clear();
            shownBatches = 0;
            log.setText("");
            shownLines = 0;
        }
        progress.setSelection((int) Math.round(progress.getMaximum() * model.done()));
        progressText.setText(model.progressText());
        lossChart.clear();
        accuracyChart.clear();
        draw(lossChart, trainLoss, model.curve(TrainModel.Curve.TRAIN_LOSS));
        draw(lossChart, validationLoss, model.curve(TrainModel.Curve.VALIDATION_LOSS));
        draw(accuracyChart, trainAccuracy, model.curve(TrainModel.Curve.TRAIN_ACCURACY));
        draw(accuracyChart, validationAccuracy, model.curve(TrainModel.Curve.VALIDATION_ACCURACY));
        List<TrainModel.Point> batches = model.curve(TrainModel.Curve.BATCH_LOSS, shownBatches);
        draw(batchChart, batchLoss, batches);
        shownBatches += batches.size();
        for (String line : model.log(shownLines)) {
            log.append((log.getCharCount() > 0 ? "\n" : "") + line);
            shownLines++;
        }
    }

    private static void draw(LineChart chart, int series, List<TrainModel.Point> points) {
        for (TrainModel.Point p : points) {
            chart.add(series, p.x(), p.y());
        }
    }
}
