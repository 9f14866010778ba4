package digits.ui.internal.widgets;

import digits.api.GrayImage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.ScrollBar;

/**
 * A scrolling grid of 28x28 images, each enlarged with a caption under it (e.g. a
 * misclassified digit and what it was taken for). Tile images are made when first painted and
 * disposed when the tiles change or the gallery goes.
 */
public final class ImageGallery {

    /** One image, its caption and the tooltip that says more. */
    public record Tile(GrayImage image, String caption, String tooltip) {
        /** A tile whose tooltip is its caption. */
        public Tile(GrayImage image, String caption) {
            this(image, caption, caption);
        }
    }

    private static final int SCALE = 2;
    private static final int PAD = 8;

    private final Canvas canvas;
    private final Theme theme;
    private final List<Tile> tiles = new ArrayList<>();
    private final List<Image> images = new ArrayList<>();
    private String emptyText = "";
    private int hovered = -1;
    private int selected = -1;
    private IntConsumer onSelect = i -> { };

    public ImageGallery(Composite parent, Theme theme) {
        this.theme = theme;
        canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED | SWT.V_SCROLL | SWT.BORDER);
        canvas.addPaintListener(e -> paint(e.gc));
        canvas.addListener(SWT.Resize, e -> updateScrollBar());
        canvas.getVerticalBar().addListener(SWT.Selection, e -> canvas.redraw());
        canvas.addListener(SWT.MouseMove, e -> {
            int i = tileAt(e.x, e.y);
            if (i != hovered) {
                hovered = i;
                canvas.setToolTipText(i >= 0 ? tiles.get(i).tooltip() : null);
            }
        });
        canvas.addListener(SWT.MouseDown, e -> {
            Point at = Pointer.of(canvas, e);
            int i = tileAt(at.x, at.y);
            if (i >= 0 && e.button == 1) {
                selected = i;
                canvas.redraw();
                onSelect.accept(i);
            }
        });
        canvas.addDisposeListener(e -> disposeImages());
    }

    /** Tells {@code listener} the index of a tile clicked (which the gallery then frames). */
    public void onSelect(IntConsumer listener) {
        onSelect = listener;
    }

    public Control control() {
        return canvas;
    }

    public void setTiles(List<Tile> newTiles, String whenEmpty) {
        disposeImages();
        tiles.clear();
        tiles.addAll(newTiles);
        selected = -1;
        emptyText = whenEmpty;
        canvas.getVerticalBar().setSelection(0);
        updateScrollBar();
        canvas.redraw();
    }

    private int tileWidth(GC gc) {
        return Math.max(28 * SCALE, gc.textExtent("8 → 8  100%").x) + PAD;
    }

    private int tileHeight(GC gc) {
        return 28 * SCALE + gc.getFontMetrics().getHeight() + PAD + 4;
    }

    private Point grid(GC gc) {
        Rectangle area = canvas.getClientArea();
        int columns = Math.max(1, (area.width - PAD) / tileWidth(gc));
        int rows = (tiles.size() + columns - 1) / columns;
        return new Point(columns, rows);
    }

    private void updateScrollBar() {
        GC gc = new GC(canvas);
        try {
            gc.setFont(theme.small);
            int total = grid(gc).y * tileHeight(gc) + PAD;
            ScrollBar bar = canvas.getVerticalBar();
            int visible = canvas.getClientArea().height;
            bar.setMaximum(Math.max(total, 1));
            bar.setThumb(Math.max(1, Math.min(visible, total)));
            bar.setPageIncrement(Math.max(1, visible - tileHeight(gc)));
            bar.setIncrement(tileHeight(gc) / 2);
            bar.setVisible(total > visible);
        } finally {
            gc.dispose();
        }
        canvas.redraw();
    }

    private int tileAt(int x, int y) {
        GC gc = new GC(canvas);
        try {
            gc.setFont(theme.small);
            int columns = grid(gc).x;
            int c = (x - PAD / 2) / tileWidth(gc);
            int r = (y + canvas.getVerticalBar().getSelection() - PAD / 2) / tileHeight(gc);
            int i = r * columns + c;
            return c >= 0 && c < columns && r >= 0 && i < tiles.size() ? i : -1;
        } finally {
            gc.dispose();
        }
    }

    private void paint(GC gc) {
        Rectangle area = canvas.getClientArea();
        gc.setBackground(theme.paper);
        gc.fillRectangle(area);
        gc.setFont(theme.small);
        gc.setTextAntialias(SWT.ON);
        if (tiles.isEmpty()) {
            gc.setForeground(theme.muted);
            Point e = gc.textExtent(emptyText);
            gc.drawString(emptyText, (area.width - e.x) / 2, (area.height - e.y) / 2, true);
            return;
        }
        int columns = grid(gc).x;
        int tw = tileWidth(gc);
        int th = tileHeight(gc);
        int top = canvas.getVerticalBar().getSelection();
        int first = Math.max(0, (top / th - 1) * columns);
        gc.setInterpolation(SWT.NONE);
        for (int i = first; i < tiles.size(); i++) {
            int x = PAD / 2 + (i % columns) * tw;
            int y = PAD / 2 + (i / columns) * th - top;
            if (y > area.height) {
                break;
            }
            Tile t = tiles.get(i);
            int ix = x + (tw - 28 * SCALE) / 2;
            gc.drawImage(image(i), 0, 0, t.image().width(), t.image().height(), ix, y, 28 * SCALE, 28 * SCALE);
            if (i == selected) {
                gc.setForeground(theme.accent);
                gc.setLineWidth(2);
                gc.drawRectangle(ix - 2, y - 2, 28 * SCALE + 3, 28 * SCALE + 3);
                gc.setLineWidth(1);
            }
            gc.setForeground(theme.text);
            Point e = gc.textExtent(t.caption());
            gc.drawString(t.caption(), x + (tw - e.x) / 2, y + 28 * SCALE + 2, true);
        }
    }

    private Image image(int i) {
        while (images.size() <= i) {
            images.add(null);
        }
        Image img = images.get(i);
        if (img == null) {
            img = new Image(canvas.getDisplay(), Pixels.toImageData(tiles.get(i).image()));
            images.set(i, img);
        }
        return img;
    }

    private void disposeImages() {
        for (Image img : images) {
            if (img != null) {
                img.dispose();
            }
        }
        images.clear();
    }
}
