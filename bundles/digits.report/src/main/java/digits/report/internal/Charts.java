package digits.report.internal;

import digits.api.EpochMetrics;
import digits.api.Evaluation;
import digits.api.Reliability;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

/** The report's charts, drawn by XChart into PNG images. */
final class Charts {

    static final int WIDTH = 560;
    static final int HEIGHT = 320;
    private static final Color[] COLORS = {new Color(0x4e79a7), new Color(0xe15759), new Color(0x59a14f)};

    private Charts() {}

    /** Training and validation loss per epoch. */
    static byte[] loss(List<EpochMetrics> history) {
        XYChart chart = epochChart("Loss per epoch", "loss");
        add(chart, "train", history, EpochMetrics::trainLoss, 1);
        add(chart, "validation", history, EpochMetrics::validationLoss, 1);
        chart.getStyler().setYAxisDecimalPattern("0.###");
        return png(chart);
    }

    /** Training and validation accuracy (and validation top-3) per epoch, in percent. */
    static byte[] accuracy(List<EpochMetrics> history) {
        XYChart chart = epochChart("Accuracy per epoch", "accuracy (%)");
        add(chart, "train", history, EpochMetrics::trainAccuracy, 100);
        add(chart, "validation", history, EpochMetrics::validationAccuracy, 100);
        add(chart, "validation top-3", history, EpochMetrics::validationTop3, 100);
        chart.getStyler().setYAxisDecimalPattern("0.#");
        return png(chart);
    }

    /** Several models' validation accuracy per epoch, overlaid, in percent. */
    static byte[] compared(java.util.Map<String, List<EpochMetrics>> histories) {
        XYChart chart = epochChart("Validation accuracy, compared", "accuracy (%)");
        chart.getStyler().setSeriesColors(new Color[] {COLORS[0], COLORS[1], COLORS[2], new Color(0xf28e2b),
            new Color(0xb07aa1)});
        int epochs = 2;
        for (java.util.Map.Entry<String, List<EpochMetrics>> e : histories.entrySet()) {
            add(chart, e.getKey(), e.getValue(), EpochMetrics::validationAccuracy, 100);
            epochs = Math.max(epochs, e.getValue().size());
        }
        chart.getStyler().setXAxisMin(1.0).setXAxisMax((double) epochs);
        chart.getStyler().setYAxisDecimalPattern("0.#");
        return png(chart);
    }

    /** Precision, recall and F1 of each class, as grouped bars. */
    static byte[] perClass(Evaluation e, List<String> classNames) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title("Per class")
                .xAxisTitle("class").yAxisTitle("%").build();
        style(chart.getStyler());
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(100.0);
        chart.getStyler().setAvailableSpaceFill(0.8);
        chart.getStyler().setYAxisDecimalPattern("0");
        List<String> names = new ArrayList<>();
        for (int c = 0; c < e.precision().length; c++) {
            names.add(c < classNames.size() ? classNames.get(c) : String.valueOf(c));
        }
        chart.addSeries("precision", names, percent(e.precision()));
        chart.addSeries("recall", names, percent(e.recall()));
        chart.addSeries("F1", names, percent(e.f1()));
        return png(chart);
    }

    /**
     * The reliability diagram: accuracy against mean confidence in each non-empty bin, with the
     * diagonal a calibrated recognizer follows.
     */
    static byte[] reliability(Reliability r) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("Reliability")
                .xAxisTitle("confidence (%)").yAxisTitle("accuracy (%)").build();
        style(chart.getStyler());
        chart.getStyler().setMarkerSize(7);
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(100.0).setYAxisMin(0.0).setYAxisMax(100.0);
        chart.getStyler().setXAxisDecimalPattern("0").setYAxisDecimalPattern("0");
        chart.addSeries("calibrated", new double[] {0, 100}, new double[] {0, 100})
                .setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int b = 0; b < r.counts().length; b++) {
            if (r.counts()[b] > 0) {
                x.add(100 * r.confidence()[b]);
                y.add(100 * r.accuracy()[b]);
            }
        }
        if (!x.isEmpty()) {
            chart.addSeries(String.format(java.util.Locale.ROOT, "model (ECE %.2f%%)", 100 * r.ece()), x, y);
        }
        return png(chart);
    }

    private static XYChart epochChart(String title, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("epoch")
                .yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setMarkerSize(7);
        // Epochs are whole numbers: label only those ticks, so a short run does not read 1, 1, 1, 2.
        chart.getStyler().setxAxisTickLabelsFormattingFunction(
                v -> Math.abs(v - Math.rint(v)) < 1e-6 ? String.valueOf(Math.round(v)) : "");
        return chart;
    }

    private static void add(XYChart chart, String name, List<EpochMetrics> history, ToDoubleFunction<EpochMetrics> value,
            double scale) {
        double[] x = new double[history.size()];
        double[] y = new double[history.size()];
        boolean any = false;
        for (int i = 0; i < history.size(); i++) {
            x[i] = history.get(i).epoch() + 1;
            y[i] = value.applyAsDouble(history.get(i)) * scale;
            any |= Double.isFinite(y[i]);
        }
        if (any) {
            chart.addSeries(name, x, y);
        }
        // One epoch would give the axis no range: keep at least 1..2.
        chart.getStyler().setXAxisMin(1.0).setXAxisMax((double) Math.max(2, history.size()));
    }

    private static void style(AxesChartStyler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderVisible(false);
        s.setPlotGridLinesColor(new Color(0xe0e0e0));
        s.setSeriesColors(COLORS);
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setLegendBorderColor(Color.WHITE);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        s.setChartTitleBoxVisible(false);
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        s.setAntiAlias(true);
        s.setToolTipsEnabled(false);
    }

    private static List<Double> percent(double[] v) {
        List<Double> out = new ArrayList<>(v.length);
        for (double d : v) {
            out.add(Double.isFinite(d) ? 100 * d : 0);
        }
        return out;
    }

    private static byte[] png(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart) {
        Headless.ensure();
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a chart as PNG", e);
        }
    }
}
