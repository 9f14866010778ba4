package digits.ui.internal.widgets;

import digits.ui.internal.Ui;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;

/**
 * A line chart drawn with GC: axes with rounded ticks, a light grid, a title, a legend and any
 * number of series. Long series (a loss per batch over many epochs) are drawn as each pixel
 * column's minimum and maximum, so painting costs the width of the chart, not its points.
 */
public final class LineChart {

    private static final int PAD = 10;
    /** Every chart's {@link Ui#ID}; its tooltip begins with its title. */
    public static final String NAME = "chart";

    private final Canvas canvas;
    private final Theme theme;
    private final String title;
    private final String xLabel;
    private final List<Series> series = new ArrayList<>();
    private boolean percent;
    private boolean integerX;

    private static final class Series {
        final String name;
        final Color color;
        double[] xs = new double[64];
        double[] ys = new double[64];
        int size;

        Series(String name, Color color) {
            this.name = name;
            this.color = color;
        }

        void add(double x, double y) {
            if (size == xs.length) {
                xs = Arrays.copyOf(xs, size * 2);
                ys = Arrays.copyOf(ys, size * 2);
            }
            xs[size] = x;
            ys[size] = y;
            size++;
        }
    }

    public LineChart(Composite parent, Theme theme, String title, String xLabel) {
        this.theme = theme;
        this.title = title;
        this.xLabel = xLabel;
        canvas = Ui.named(new Canvas(parent, SWT.DOUBLE_BUFFERED), NAME);
        canvas.addPaintListener(e -> paint(e.gc));
        canvas.addListener(SWT.Resize, e -> canvas.redraw());
        changed();
    }

    public Control control() {
        return canvas;
    }

    /** Shows the y axis as percentages (values are fractions). */
    public LineChart percent() {
        percent = true;
        return this;
    }

    /** Ticks the x axis at whole numbers only (epochs). */
    public LineChart integerX() {
        integerX = true;
        return this;
    }

    /** Adds a series and returns its index. */
    public int addSeries(String name, Color color) {
        series.add(new Series(name, color));
        changed();
        return series.size() - 1;
    }

    public void add(int index, double x, double y) {
        if (Double.isFinite(x) && Double.isFinite(y)) {
            series.get(index).add(x, y);
            changed();
        }
    }

    public void clear() {
        for (Series s : series) {
            s.size = 0;
        }
        changed();
    }

    /** Removes every series (a chart whose series change, such as a comparison). */
    public void removeAllSeries() {
        series.clear();
        changed();
    }

    /** Points over all series. */
    private int pointCount() {
        return series.stream().mapToInt(s -> s.size).sum();
    }

    /**
     * Draws again and says in words what is drawn, as the tooltip (GTK's accessible description):
     * {@code "Loss per epoch — train: 2 points, last 0.0712; validation: 2 points, last 0.0650"}.
     */
    private void changed() {
        StringBuilder text = new StringBuilder(title).append(" — ");
        if (series.isEmpty()) {
            text.append("no series");
        }
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            text.append(i == 0 ? "" : "; ").append(s.name).append(": ").append(s.size)
                    .append(s.size == 1 ? " point" : " points");
            if (s.size > 0) {
                double y = s.ys[s.size - 1];
                text.append(", last ").append(percent ? String.format(Locale.ROOT, "%.2f%%", 100 * y)
                        : String.format(Locale.ROOT, "%.4f", y));
            }
        }
        canvas.setToolTipText(text.toString());
        canvas.redraw();
    }

    private void paint(GC gc) {
        Rectangle area = canvas.getClientArea();
        gc.setBackground(theme.paper);
        gc.fillRectangle(area);
        gc.setAntialias(SWT.ON);
        gc.setTextAntialias(SWT.ON);

        gc.setFont(theme.bold);
        gc.setForeground(theme.text);
        int lineHeight = gc.getFontMetrics().getHeight();
        gc.drawString(title, PAD, PAD / 2, true);
        paintLegend(gc, area, lineHeight);

        double[] xr = range(true);
        double[] yr = range(false);
        gc.setFont(theme.small);
        int small = gc.getFontMetrics().getHeight();
        Ticks yt = Ticks.of(yr[0], yr[1], Math.max(2, (area.height - 3 * lineHeight) / (3 * small)));
        Ticks xt = Ticks.of(xr[0], xr[1], 6);
        if (integerX && xt.step < 1) {
            xt = new Ticks(Math.floor(xr[0]), Math.ceil(xr[1]), 1, 0);
        }
        int labelWidth = 0;
        for (double v = yt.min; v <= yt.max + yt.step / 2; v += yt.step) {
            labelWidth = Math.max(labelWidth, gc.textExtent(yLabel(v, yt)).x);
        }
        Rectangle plot = new Rectangle(PAD + labelWidth + 6, lineHeight + PAD, 0, 0);
        plot.width = Math.max(10, area.width - plot.x - PAD - 4);
        plot.height = Math.max(10, area.height - plot.y - 2 * small - PAD);

        // grid, ticks and labels
        gc.setLineWidth(1);
        for (double v = yt.min; v <= yt.max + yt.step / 2; v += yt.step) {
            int y = py(v, yt, plot);
            gc.setForeground(theme.grid);
            gc.drawLine(plot.x, y, plot.x + plot.width, y);
            gc.setForeground(theme.muted);
            String s = yLabel(v, yt);
            gc.drawString(s, plot.x - 6 - gc.textExtent(s).x, y - small / 2, true);
        }
        for (double v = xt.min; v <= xt.max + xt.step / 2; v += xt.step) {
            int x = px(v, xt, plot);
            gc.setForeground(theme.grid);
            gc.drawLine(x, plot.y, x, plot.y + plot.height);
            gc.setForeground(theme.muted);
            String s = xt.format(v);
            gc.drawString(s, x - gc.textExtent(s).x / 2, plot.y + plot.height + 3, true);
        }
        gc.setForeground(theme.muted);
        gc.drawRectangle(plot);
        Point xl = gc.textExtent(xLabel);
        gc.drawString(xLabel, plot.x + (plot.width - xl.x) / 2, plot.y + plot.height + 3 + small, true);

        if (pointCount() == 0) {
            String empty = "no data yet";
            Point e = gc.textExtent(empty);
            gc.drawString(empty, plot.x + (plot.width - e.x) / 2, plot.y + (plot.height - e.y) / 2, true);
            return;
        }
        gc.setClipping(plot.x, plot.y - 3, plot.width + 1, plot.height + 6);
        for (Series s : series) {
            paintSeries(gc, s, xt, yt, plot);
        }
        gc.setClipping((Rectangle) null);
    }

    private void paintLegend(GC gc, Rectangle area, int lineHeight) {
        gc.setFont(theme.small);
        int x = area.width - PAD;
        for (int i = series.size() - 1; i >= 0; i--) {
            Series s = series.get(i);
            Point e = gc.textExtent(s.name);
            x -= e.x;
            gc.setForeground(theme.text);
            gc.drawString(s.name, x, PAD / 2 + (lineHeight - e.y) / 2, true);
            x -= 22;
            gc.setForeground(s.color);
            gc.setLineWidth(3);
            gc.drawLine(x, PAD / 2 + lineHeight / 2, x + 16, PAD / 2 + lineHeight / 2);
            x -= 14;
        }
        gc.setLineWidth(1);
    }

    private void paintSeries(GC gc, Series s, Ticks xt, Ticks yt, Rectangle plot) {
        if (s.size == 0) {
            return;
        }
        gc.setForeground(s.color);
        gc.setBackground(s.color);
        gc.setLineWidth(2);
        gc.setLineJoin(SWT.JOIN_ROUND);
        if (s.size > plot.width * 2) {
            // one vertical stroke per pixel column from its lowest to its highest value
            int[] lo = new int[plot.width + 1];
            int[] hi = new int[plot.width + 1];
            Arrays.fill(lo, Integer.MAX_VALUE);
            Arrays.fill(hi, Integer.MIN_VALUE);
            for (int i = 0; i < s.size; i++) {
                int c = Math.max(0, Math.min(plot.width, px(s.xs[i], xt, plot) - plot.x));
                int y = py(s.ys[i], yt, plot);
                lo[c] = Math.min(lo[c], y);
                hi[c] = Math.max(hi[c], y);
            }
            gc.setLineWidth(1);
            int lastX = -1;
            int lastY = 0;
            for (int c = 0; c <= plot.width; c++) {
                if (lo[c] == Integer.MAX_VALUE) {
                    continue;
                }
                int x = plot.x + c;
                gc.drawLine(x, lo[c], x, hi[c]);
                int mid = (lo[c] + hi[c]) / 2;
                if (lastX >= 0) {
                    gc.drawLine(lastX, lastY, x, mid);
                }
                lastX = x;
                lastY = mid;
            }
            return;
        }
        int[] points = new int[s.size * 2];
        for (int i = 0; i < s.size; i++) {
            points[2 * i] = px(s.xs[i], xt, plot);
            points[2 * i + 1] = py(s.ys[i], yt, plot);
        }
        gc.drawPolyline(points);
        if (s.size <= 40) {
            for (int i = 0; i < s.size; i++) {
                gc.fillOval(points[2 * i] - 3, points[2 * i + 1] - 3, 7, 7);
            }
        }
    }

    private String yLabel(double v, Ticks t) {
        return percent ? String.format(Locale.ROOT, "%." + Math.max(0, t.decimals - 2) + "f%%", 100 * v) : t.format(v);
    }

    private double[] range(boolean x) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            double[] v = x ? s.xs : s.ys;
            for (int i = 0; i < s.size; i++) {
                min = Math.min(min, v[i]);
                max = Math.max(max, v[i]);
            }
        }
        if (min > max) {
            return new double[] {0, 1};
        }
        if (max - min < 1e-9) {
            double pad = Math.max(Math.abs(max) * 0.05, x ? 1 : 0.01);
            return new double[] {min - pad, max + pad};
        }
        return new double[] {min, max};
    }

    private static int px(double v, Ticks t, Rectangle plot) {
        return plot.x + (int) Math.round((v - t.min) / (t.max - t.min) * plot.width);
    }

    private static int py(double v, Ticks t, Rectangle plot) {
        return plot.y + plot.height - (int) Math.round((v - t.min) / (t.max - t.min) * plot.height);
    }

    /** Rounded axis bounds and a step of 1, 2 or 5 times a power of ten. */
    record Ticks(double min, double max, double step, int decimals) {
        static Ticks of(double lo, double hi, int count) {
            double span = Math.max(hi - lo, 1e-12);
            double raw = span / Math.max(1, count);
            double mag = Math.pow(10, Math.floor(Math.log10(raw)));
            double norm = raw / mag;
            double step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
            double min = Math.floor(lo / step + 1e-9) * step;
            double max = Math.ceil(hi / step - 1e-9) * step;
            if (max <= min) {
                max = min + step;
            }
            int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
            return new Ticks(min, max, step, decimals);
        }

        String format(double v) {
            return String.format(Locale.ROOT, "%." + decimals + "f", Math.abs(v) < step / 1e6 ? 0 : v);
        }
    }
}
