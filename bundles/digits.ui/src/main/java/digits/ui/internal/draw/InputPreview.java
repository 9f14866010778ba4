package digits.ui.internal.draw;

import digits.api.GrayImage;
import digits.ui.internal.Ui;
import digits.ui.internal.widgets.Theme;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;

/**
 * What the model saw: the 28x28 input, each pixel a block, white ink on black as in MNIST,
 * with a faint pixel grid.
 */
final class InputPreview {

    private static final int SIDE = GrayImage.MODEL_SIDE;
    /** The preview widget's {@link Ui#ID}. */
    static final String NAME = "draw.input";

    private final Canvas canvas;
    private final Theme theme;
    private final Color[] grays = new Color[256];
    private final Color gridColor;
    private float[] pixels;
    private float[] saliency;

    InputPreview(Composite parent, Theme theme) {
        this.theme = theme;
        canvas = Ui.named(new Canvas(parent, SWT.DOUBLE_BUFFERED), NAME);
        gridColor = new Color(28, 28, 28);
        canvas.addPaintListener(e -> paint(e.gc));
        canvas.addDisposeListener(e -> {
            gridColor.dispose();
            for (Color c : grays) {
                if (c != null) {
                    c.dispose();
                }
            }
        });
    }

    Control control() {
        return canvas;
    }

    /** Six screen pixels per input pixel. */
    static final int SIZE = SIDE * 6;

    /** @param input a 28x28 image, or null for none */
    void show(GrayImage input) {
        pixels = input == null ? null : input.pixels();
        saliency = null;
        describe();
        canvas.redraw();
    }

    /** @param map a 28x28 saliency map in [0, 1] laid over the input in red, or null for none */
    void overlay(GrayImage map) {
        saliency = map == null ? null : map.pixels();
        describe();
        canvas.redraw();
    }

    /** Says what is shown, as the tooltip (GTK's accessible description): a painted canvas has no text. */
    private void describe() {
        canvas.setToolTipText(pixels == null ? "What the model saw appears here"
                : "The 28x28 input the model saw" + (saliency == null ? ""
                        : "; in orange, the saliency map: the ink that made the answer"));
    }

    private Color gray(int level) {
        if (grays[level] == null) {
            grays[level] = new Color(level, level, level);
        }
        return grays[level];
    }

    private void paint(GC gc) {
        Rectangle area = canvas.getClientArea();
        int cell = Math.max(1, Math.min(area.width, area.height) / SIDE);
        int size = cell * SIDE;
        int x0 = (area.width - size) / 2;
        gc.setBackground(theme.ink);
        gc.fillRectangle(x0, 0, size, size);
        // the grid goes under the ink: it shows on the background only
        if (cell >= 4) {
            gc.setForeground(gridColor);
            for (int i = 1; i < SIDE; i++) {
                gc.drawLine(x0 + i * cell, 0, x0 + i * cell, size);
                gc.drawLine(x0, i * cell, x0 + size, i * cell);
            }
        }
        if (pixels != null) {
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    float v = pixels[y * SIDE + x];
                    if (v > 0) {
                        gc.setBackground(gray(Math.round(Math.min(1, v) * 255)));
                        gc.fillRectangle(x0 + x * cell, y * cell, cell, cell);
                    }
                }
            }
        }
        if (saliency != null) {
            gc.setBackground(theme.orange);
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    float v = saliency[y * SIDE + x];
                    if (v > 0.05f) {
                        gc.setAlpha(Math.round(60 + 180 * Math.min(1, v)));
                        gc.fillRectangle(x0 + x * cell, y * cell, cell, cell);
                    }
                }
            }
            gc.setAlpha(255);
        }
        gc.setForeground(theme.muted);
        gc.drawRectangle(x0, 0, size - 1, size - 1);
    }
}
