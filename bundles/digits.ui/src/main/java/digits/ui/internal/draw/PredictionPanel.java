package digits.ui.internal.draw;

import digits.api.Prediction;
import digits.ui.internal.Ui;
import digits.ui.internal.widgets.Theme;
import java.util.List;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Pattern;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;

/**
 * The answer: the predicted digit, big, with its confidence, and the five most probable digits
 * as rows with percentages and bars (as the reference page shows them). Without a prediction it
 * shows a hint or the reason instead, never a guess.
 */
final class PredictionPanel {

    private static final int ROWS = 5;
    private static final int PAD = 16;
    /** The panel widget's {@link Ui#ID}. */
    static final String NAME = "draw.prediction";

    private final Canvas canvas;
    private final Theme theme;
    private Prediction prediction;
    private String message = "Draw a digit";
    private boolean problem;

    PredictionPanel(Composite parent, Theme theme) {
        this.theme = theme;
        canvas = Ui.named(new Canvas(parent, SWT.DOUBLE_BUFFERED), NAME);
        canvas.addPaintListener(e -> paint(e.gc));
        canvas.addListener(SWT.Resize, e -> canvas.redraw());
    }

    Control control() {
        return canvas;
    }

    void show(Prediction p) {
        prediction = p;
        message = null;
        canvas.redraw();
    }

    /** No prediction: a hint (empty canvas) or a problem (no recognizer, a failure). */
    void showMessage(String text, boolean isProblem) {
        prediction = null;
        message = text;
        problem = isProblem;
        canvas.redraw();
    }

    private void paint(GC gc) {
        Rectangle area = canvas.getClientArea();
        gc.setBackground(theme.panel);
        gc.fillRectangle(area);
        gc.setAntialias(SWT.ON);
        gc.setTextAntialias(SWT.ON);
        int width = area.width - 2 * PAD;

        // the answer
        gc.setFont(theme.huge);
        int bigHeight = gc.getFontMetrics().getHeight();
        int y = PAD / 2;
        if (prediction != null && prediction.notADigit()) {
            // Out of distribution: no digit is claimed; the rows below stay as the closest guesses.
            gc.setFont(theme.heading);
            gc.setForeground(theme.orange);
            int headingHeight = gc.getFontMetrics().getHeight();
            gc.drawString("Not a digit", PAD, y + bigHeight / 2 - headingHeight, true);
            gc.setFont(theme.small);
            gc.setForeground(theme.muted);
            gc.drawString("unlike the digits " + prediction.recognizerId() + " learnt; closest guesses below", PAD,
                    y + bigHeight / 2 + 4, true);
        } else if (prediction != null) {
            Prediction.Ranked best = prediction.best();
            String digit = Integer.toString(best.label());
            gc.setForeground(theme.accent);
            gc.drawString(digit, PAD, y, true);
            int x = PAD + gc.textExtent(digit).x + 20;
            gc.setFont(theme.small);
            gc.setForeground(theme.muted);
            int smallHeight = gc.getFontMetrics().getHeight();
            int ty = y + bigHeight / 2 - smallHeight * 2;
            gc.drawString("confidence", x, ty, true);
            gc.setFont(theme.heading);
            gc.setForeground(theme.text);
            gc.drawString(Ui.percent(best.probability()), x, ty + smallHeight, true);
            gc.setFont(theme.small);
            gc.setForeground(theme.muted);
            gc.drawString(prediction.recognizerId(), x, ty + smallHeight + gc.getFontMetrics().getHeight() + 16, true);
        } else {
            gc.setFont(theme.heading);
            gc.setForeground(problem ? theme.orange : theme.muted);
            Point e = gc.textExtent(message);
            gc.drawText(message, PAD, y + (bigHeight - e.y) / 2, SWT.DRAW_TRANSPARENT);
        }
        y += bigHeight + 6;

        // the table's head
        gc.setFont(theme.bold);
        gc.setForeground(theme.accent);
        int probX = PAD + Math.max(110, width * 2 / 7);
        gc.drawString("PREDICTION", PAD, y, true);
        gc.drawString("PROBABILITY", probX, y, true);
        y += gc.getFontMetrics().getHeight() + 8;
        gc.setForeground(theme.grid);
        gc.setLineWidth(2);
        gc.drawLine(PAD, y, PAD + width, y);

        int rowHeight = Math.max(44, (area.height - y - PAD) / ROWS);
        List<Prediction.Ranked> top = prediction == null ? List.of() : prediction.top(ROWS);
        for (int i = 0; i < ROWS; i++) {
            int rowTop = y + i * rowHeight;
            Prediction.Ranked r = i < top.size() ? top.get(i) : null;
            gc.setFont(theme.heading);
            gc.setForeground(r == null ? theme.grid : theme.text);
            int digitHeight = gc.getFontMetrics().getHeight();
            gc.drawString(r == null ? "–" : Integer.toString(r.label()), PAD + 6, rowTop + (rowHeight - digitHeight) / 2,
                    true);

            gc.setFont(theme.small);
            int textHeight = gc.getFontMetrics().getHeight();
            int barHeight = 10;
            int block = textHeight + 4 + barHeight;
            int by = rowTop + (rowHeight - block) / 2;
            gc.setForeground(theme.text);
            gc.drawString(r == null ? "" : Ui.percent(r.probability()), probX, by, true);
            int barY = by + textHeight + 4;
            int barWidth = PAD + width - probX;
            gc.setBackground(theme.track);
            gc.fillRoundRectangle(probX, barY, barWidth, barHeight, barHeight, barHeight);
            if (r != null) {
                int fill = (int) Math.round(barWidth * Math.max(0, Math.min(1, r.probability())));
                if (fill >= 2) {
                    Pattern gradient = new Pattern(canvas.getDisplay(), probX, 0, probX + barWidth, 0,
                            theme.magenta, theme.accent);
                    try {
                        gc.setBackgroundPattern(gradient);
                        gc.fillRoundRectangle(probX, barY, Math.max(fill, barHeight), barHeight, barHeight, barHeight);
                    } finally {
                        gc.setBackgroundPattern(null);
                        gradient.dispose();
                    }
                }
            }
            gc.setForeground(theme.grid);
            gc.setLineWidth(1);
            gc.drawLine(PAD, rowTop + rowHeight, PAD + width, rowTop + rowHeight);
        }
    }
}
