package digits.ui.internal.evaluate;

import digits.ui.internal.Ui;
import digits.ui.internal.widgets.Pointer;
import digits.ui.internal.widgets.Theme;
import java.util.List;
import java.util.function.BiConsumer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.graphics.Transform;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;

/**
 * The confusion matrix as a heat map: rows are the true classes, columns the predicted ones,
 * each cell coloured by its share of the row (the diagonal in blue, mistakes in orange, made
 * visible from a fraction of a percent) and labelled with its count. A click on a cell reports
 * it, so the images behind it can be shown.
 */
final class ConfusionMatrixView {

    private static final RGB WHITE = new RGB(255, 255, 255);
    private static final RGB BLUE = new RGB(13, 71, 161);
    private static final RGB RED = new RGB(216, 67, 21);
    private static final String EMPTY = "The confusion matrix appears here after an evaluation";
    private static final String DESCRIPTION = "Confusion matrix, a row per true class, its counts per predicted class:";

    private final Canvas canvas;
    private final Theme theme;
    private int[][] matrix = new int[0][0];
    private List<String> classNames = List.of();
    private int selectedRow = -1;
    private int selectedColumn = -1;
    private BiConsumer<Integer, Integer> onClick = (r, c) -> {};

    ConfusionMatrixView(Composite parent, Theme theme) {
        this.theme = theme;
        canvas = Ui.named(new Canvas(parent, SWT.DOUBLE_BUFFERED), "evaluate.matrix");
        canvas.addPaintListener(e -> paint(e.gc));
        canvas.addListener(SWT.Resize, e -> canvas.redraw());
        canvas.addListener(SWT.MouseDown, e -> {
            Point at = Pointer.of(canvas, e);
            int[] cell = cellAt(at.x, at.y);
            if (e.button == 1 && cell != null) {
                select(cell[0], cell[1]);
                onClick.accept(cell[0], cell[1]);
            }
        });
        canvas.addListener(SWT.MouseMove, e -> {
            int[] cell = cellAt(e.x, e.y);
            canvas.setToolTipText(cell == null ? description() : tooltip(cell[0], cell[1]));
        });
        canvas.addListener(SWT.MouseExit, e -> canvas.setToolTipText(description()));
        canvas.addListener(SWT.KeyDown, this::key);
        // the arrow keys move within the matrix instead of to the next control
        canvas.addListener(SWT.Traverse, e -> {
            if (e.detail == SWT.TRAVERSE_ARROW_NEXT || e.detail == SWT.TRAVERSE_ARROW_PREVIOUS) {
                e.doit = false;
            }
        });
        canvas.setToolTipText(EMPTY);
    }

    Control control() {
        return canvas;
    }

    void onClick(BiConsumer<Integer, Integer> listener) {
        onClick = listener;
    }

    void show(int[][] confusion, List<String> names) {
        matrix = confusion;
        classNames = names;
        selectedRow = -1;
        selectedColumn = -1;
        canvas.setToolTipText(description());
        canvas.redraw();
    }

    void select(int row, int column) {
        selectedRow = row;
        selectedColumn = column;
        canvas.redraw();
    }

    /** The arrow keys move the selected cell, which shows its images as a click does. */
    private void key(Event e) {
        int n = matrix.length;
        if (n == 0) {
            return;
        }
        int r = Math.max(0, selectedRow);
        int c = Math.max(0, selectedColumn);
        if (selectedRow >= 0) {
            switch (e.keyCode) {
                case SWT.ARROW_UP -> r--;
                case SWT.ARROW_DOWN -> r++;
                case SWT.ARROW_LEFT -> c--;
                case SWT.ARROW_RIGHT -> c++;
                default -> {
                    return;
                }
            }
        } else if (e.keyCode != SWT.ARROW_UP && e.keyCode != SWT.ARROW_DOWN && e.keyCode != SWT.ARROW_LEFT
                && e.keyCode != SWT.ARROW_RIGHT) {
            return;
        }
        r = Math.floorMod(r, n);
        c = Math.floorMod(c, n);
        select(r, c);
        onClick.accept(r, c);
    }

    /**
     * The whole matrix in words, the tooltip away from a cell (GTK's accessible description): a
     * painted canvas has no text of its own. One row per true class, the counts per predicted class.
     */
    private String description() {
        if (matrix.length == 0) {
            return EMPTY;
        }
        StringBuilder s = new StringBuilder(DESCRIPTION);
        for (int r = 0; r < matrix.length; r++) {
            s.append(r == 0 ? " " : "; ").append(r).append(":");
            for (int v : matrix[r]) {
                s.append(' ').append(v);
            }
        }
        return s.toString();
    }

    private record Layout(int left, int top, int cell) {}

    private Layout layout() {
        Rectangle area = canvas.getClientArea();
        int n = Math.max(1, matrix.length);
        int margin = 44;
        int cell = Math.max(8, Math.min((area.width - margin - 8) / n, (area.height - margin - 8) / n));
        int left = margin + Math.max(0, (area.width - margin - 8 - cell * n) / 2);
        return new Layout(left, margin, cell);
    }

    private int[] cellAt(int x, int y) {
        if (matrix.length == 0) {
            return null;
        }
        Layout l = layout();
        int c = Math.floorDiv(x - l.left, l.cell);
        int r = Math.floorDiv(y - l.top, l.cell);
        return r >= 0 && r < matrix.length && c >= 0 && c < matrix.length ? new int[] {r, c} : null;
    }

    private int rowSum(int r) {
        int s = 0;
        for (int v : matrix[r]) {
            s += v;
        }
        return s;
    }

    private String name(int i) {
        return i < classNames.size() && !classNames.get(i).equals(Integer.toString(i))
                ? i + " (" + classNames.get(i) + ")" : Integer.toString(i);
    }

    private String tooltip(int r, int c) {
        int sum = rowSum(r);
        return String.format("true %s, predicted %s: %d of %d images (%.2f%%); click to see them", name(r), name(c),
                matrix[r][c], sum, sum == 0 ? 0 : 100.0 * matrix[r][c] / sum);
    }

    private void paint(GC gc) {
        Rectangle area = canvas.getClientArea();
        gc.setBackground(theme.paper);
        gc.fillRectangle(area);
        gc.setAntialias(SWT.ON);
        gc.setTextAntialias(SWT.ON);
        if (matrix.length == 0) {
            gc.setForeground(theme.muted);
            Point e = gc.textExtent(EMPTY);
            gc.drawString(EMPTY, (area.width - e.x) / 2, (area.height - e.y) / 2, true);
            return;
        }
        Layout l = layout();
        int n = matrix.length;
        gc.setFont(theme.bold);
        gc.setForeground(theme.muted);
        Point pe = gc.textExtent("predicted →");
        gc.drawString("predicted →", l.left + (n * l.cell - pe.x) / 2, 2, true);
        Transform rotate = new Transform(canvas.getDisplay());
        try {
            Point te = gc.textExtent("true ↓");
            rotate.translate(4, l.top + (n * l.cell + te.x) / 2f);
            rotate.rotate(-90);
            gc.setTransform(rotate);
            gc.drawString("true ↓", 0, 0, true);
        } finally {
            gc.setTransform(null);
            rotate.dispose();
        }
        gc.setFont(theme.small);
        for (int i = 0; i < n; i++) {
            String s = Integer.toString(i);
            Point e = gc.textExtent(s);
            gc.setForeground(theme.text);
            gc.drawString(s, l.left + i * l.cell + (l.cell - e.x) / 2, l.top - e.y - 3, true);
            gc.drawString(s, l.left - e.x - 6, l.top + i * l.cell + (l.cell - e.y) / 2, true);
        }
        for (int r = 0; r < n; r++) {
            int sum = rowSum(r);
            for (int c = 0; c < n; c++) {
                double f = sum == 0 ? 0 : matrix[r][c] / (double) sum;
                // mistakes are rare: a share of 20% of a row already shows in full colour
                Color fill = r == c ? Theme.blend(WHITE, BLUE, f) : Theme.blend(WHITE, RED, Math.sqrt(Math.min(1, f * 5)));
                try {
                    gc.setBackground(fill);
                    gc.fillRectangle(l.left + c * l.cell, l.top + r * l.cell, l.cell, l.cell);
                } finally {
                    fill.dispose();
                }
                if (matrix[r][c] > 0 && l.cell >= 18) {
                    boolean dark = r == c ? f > 0.45 : Math.sqrt(Math.min(1, f * 5)) > 0.6;
                    gc.setForeground(dark ? theme.paper : theme.text);
                    String s = Integer.toString(matrix[r][c]);
                    Point e = gc.textExtent(s);
                    if (e.x <= l.cell) {
                        gc.drawString(s, l.left + c * l.cell + (l.cell - e.x) / 2,
                                l.top + r * l.cell + (l.cell - e.y) / 2, true);
                    }
                }
            }
        }
        gc.setForeground(theme.grid);
        gc.setLineWidth(1);
        for (int i = 0; i <= n; i++) {
            gc.drawLine(l.left + i * l.cell, l.top, l.left + i * l.cell, l.top + n * l.cell);
            gc.drawLine(l.left, l.top + i * l.cell, l.left + n * l.cell, l.top + i * l.cell);
        }
        if (selectedRow >= 0) {
            gc.setForeground(theme.magenta);
            gc.setLineWidth(3);
            gc.drawRectangle(l.left + selectedColumn * l.cell, l.top + selectedRow * l.cell, l.cell, l.cell);
        }
    }
}
