package digits.ui.internal.draw;

import digits.ui.internal.Ui;
import digits.ui.internal.widgets.Pointer;
import digits.ui.internal.widgets.Theme;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Touch;

/**
 * The drawing surface: white paper, a round black brush (or a white eraser), undo per stroke.
 *
 * <p>The drawing is kept twice: as a list of strokes in coordinates relative to the canvas side
 * (so it survives a resize and undo is exact), and as an offscreen image the strokes are rendered
 * into (what is painted on screen and what the recognizer reads). The brush width is given in
 * pixels on a 280-pixel canvas, the reference's size, and scales with the canvas.
 */
public final class DrawingCanvas {

    /** The reference canvas's side; brush widths and scripted strokes are given on it. */
    public static final int REFERENCE_SIDE = 280;
    public static final int DEFAULT_BRUSH = 18;
    /** The canvas widget's {@link Ui#ID}. */
    public static final String NAME = "draw.canvas";

    /** Told of every change of the drawing, on the UI thread. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param settled true when a stroke ended or the drawing was undone or cleared; false while a stroke grows
         */
        void drawingChanged(boolean settled);
    }

    /** One stroke: points relative to the side (0..1), a width relative to it, ink or eraser. */
    private static final class Stroke {
        final float width;
        final boolean eraser;
        float[] points = new float[64];
        int size;

        Stroke(float width, boolean eraser) {
            this.width = width;
            this.eraser = eraser;
        }

        void add(float x, float y) {
            if (size + 2 > points.length) {
                points = Arrays.copyOf(points, points.length * 2);
            }
            points[size++] = x;
            points[size++] = y;
        }

        int count() {
            return size / 2;
        }
    }

    private final Canvas canvas;
    private final Theme theme;
    private final List<Stroke> strokes = new ArrayList<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private Stroke current;
    private Image offscreen;
    /** The saliency map over the drawing, orange where it is high; null for none. */
    private Image overlay;
    private digits.api.GrayImage overlaid;
    private int side;
    private int brush = DEFAULT_BRUSH;
    private boolean eraser;
    private long generation;
    private boolean touching;

    public DrawingCanvas(Composite parent, Theme theme) {
        this.theme = theme;
        canvas = Ui.named(new Canvas(parent, SWT.NO_BACKGROUND | SWT.DOUBLE_BUFFERED), NAME);
        canvas.setCursor(canvas.getDisplay().getSystemCursor(SWT.CURSOR_CROSS));
        canvas.addPaintListener(e -> paint(e.gc));
        canvas.addListener(SWT.Resize, e -> resized());
        canvas.addListener(SWT.MouseDown, this::mouseDown);
        canvas.addListener(SWT.MouseMove, this::mouseMove);
        canvas.addListener(SWT.MouseUp, this::mouseUp);
        // Touch screens and pens that report touches draw like the mouse; a widget that takes
        // touches gets no emulated mouse events for them, so nothing is drawn twice.
        canvas.setTouchEnabled(true);
        canvas.addListener(SWT.Touch, this::touch);
        canvas.addDisposeListener(e -> {
            if (offscreen != null) {
                offscreen.dispose();
            }
            overlay(null);
        });
    }

    public Control control() {
        return canvas;
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    public boolean isEmpty() {
        return strokes.isEmpty();
    }

    /** Bumped on every change of the picture; a prediction is for one generation. */
    public long generation() {
        return generation;
    }

    public void setBrush(int widthAt280) {
        brush = widthAt280;
    }

    public void setEraser(boolean on) {
        eraser = on;
    }

    public void undo() {
        if (current != null || strokes.isEmpty()) {
            return;
        }
        strokes.remove(strokes.size() - 1);
        rerender();
        changed(true);
    }

    public void clear() {
        current = null;
        strokes.clear();
        rerender();
        changed(true);
    }

    /**
     * Lays a saliency map over the drawing, in orange with the map's strength as its opacity.
     *
     * @param map a map at the canvas's size (made from its snapshot), or null for none
     */
    public void overlay(digits.api.GrayImage map) {
        if (map == overlaid) {
            return;
        }
        overlaid = map;
        if (overlay != null) {
            overlay.dispose();
            overlay = null;
        }
        if (map != null && map.width() == side && map.height() == side) {
            ImageData data = new ImageData(side, side, 24, new PaletteData(0xFF0000, 0xFF00, 0xFF));
            int orange = data.palette.getPixel(theme.orange.getRGB());
            byte[] alpha = new byte[side * side];
            float[] v = map.pixels();
            for (int i = 0; i < alpha.length; i++) {
                data.setPixel(i % side, i / side, orange);
                alpha[i] = (byte) (v[i] > 0.05f ? Math.round(40 + 150 * Math.min(1, v[i])) : 0);
            }
            data.alphaData = alpha;
            overlay = new Image(canvas.getDisplay(), data);
        }
        canvas.redraw();
    }

    /** A copy of the picture, for the recognition thread. */
    public ImageData snapshot() {
        return offscreen.getImageData();
    }

    private void mouseDown(Event e) {
        Point p = Pointer.of(canvas, e);
        if (e.button == 1 && !touching) {
            begin(p.x, p.y);
        }
    }

    private void mouseMove(Event e) {
        if (current != null && !touching) {
            extend(e.x, e.y);
        }
    }

    private void mouseUp(Event e) {
        if (e.button == 1 && current != null && !touching) {
            end();
        }
    }

    private void touch(Event e) {
        if (e.touches == null) {
            return;
        }
        for (Touch t : e.touches) {
            if (!t.primary) {
                continue;
            }
            Point p = canvas.toControl(t.x, t.y);
            if (t.state == SWT.TOUCHSTATE_DOWN) {
                touching = true;
                begin(p.x, p.y);
            } else if (t.state == SWT.TOUCHSTATE_MOVE && current != null) {
                extend(p.x, p.y);
            } else if (t.state == SWT.TOUCHSTATE_UP && current != null) {
                extend(p.x, p.y);
                end();
                touching = false;
            }
        }
    }

    private void begin(int x, int y) {
        if (side <= 0) {
            return;
        }
        boolean wasEmpty = strokes.isEmpty();
        current = new Stroke(brush / (float) REFERENCE_SIDE, eraser);
        strokes.add(current);
        current.add(x / (float) side, y / (float) side);
        withOffscreen(gc -> render(gc, current, current.count() - 1));
        if (wasEmpty) {
            canvas.redraw(); // the hint goes
        } else {
            damage(x, y, x, y, current);
        }
        changed(false);
    }

    private void extend(int x, int y) {
        int last = current.size;
        float lx = current.points[last - 2] * side;
        float ly = current.points[last - 1] * side;
        if (Math.abs(lx - x) < 1 && Math.abs(ly - y) < 1) {
            return;
        }
        current.add(x / (float) side, y / (float) side);
        withOffscreen(gc -> render(gc, current, current.count() - 2));
        damage(Math.round(lx), Math.round(ly), x, y, current);
        changed(false);
    }

    private void end() {
        current = null;
        // drawn again as one polyline: the joins are smoother than the segments drawn live
        rerender();
        changed(true);
    }

    private void changed(boolean settled) {
        generation++;
        for (Listener l : listeners) {
            l.drawingChanged(settled);
        }
    }

    private void damage(int x0, int y0, int x1, int y1, Stroke s) {
        int r = (int) Math.ceil(s.width * side / 2) + 2;
        canvas.redraw(Math.min(x0, x1) - r, Math.min(y0, y1) - r, Math.abs(x1 - x0) + 2 * r, Math.abs(y1 - y0) + 2 * r,
                false);
    }

    private interface Drawing {
        void draw(GC gc);
    }

    private void withOffscreen(Drawing drawing) {
        GC gc = new GC(offscreen);
        try {
            gc.setAntialias(SWT.ON);
            gc.setLineCap(SWT.CAP_ROUND);
            gc.setLineJoin(SWT.JOIN_ROUND);
            drawing.draw(gc);
        } finally {
            gc.dispose();
        }
    }

    /** Renders a stroke from point {@code from} (a single point as a dot). */
    private void render(GC gc, Stroke s, int from) {
        int w = Math.max(1, Math.round(s.width * side));
        gc.setForeground(s.eraser ? theme.paper : theme.ink);
        gc.setBackground(s.eraser ? theme.paper : theme.ink);
        gc.setLineWidth(w);
        int n = s.count() - from;
        if (s.count() == 1) {
            int x = Math.round(s.points[0] * side);
            int y = Math.round(s.points[1] * side);
            gc.fillOval(x - w / 2, y - w / 2, w, w);
            return;
        }
        int[] xy = new int[n * 2];
        for (int i = 0; i < n; i++) {
            xy[2 * i] = Math.round(s.points[2 * (from + i)] * side);
            xy[2 * i + 1] = Math.round(s.points[2 * (from + i) + 1] * side);
        }
        gc.drawPolyline(xy);
    }

    private void resized() {
        Rectangle area = canvas.getClientArea();
        int newSide = Math.max(1, Math.min(area.width, area.height));
        if (newSide != side || offscreen == null) {
            side = newSide;
            rerender();
        }
    }

    private void rerender() {
        if (side <= 0) {
            return;
        }
        if (offscreen == null || offscreen.getBounds().width != side) {
            if (offscreen != null) {
                offscreen.dispose();
            }
            offscreen = new Image(canvas.getDisplay(), side, side);
        }
        withOffscreen(gc -> {
            gc.setBackground(theme.paper);
            gc.fillRectangle(0, 0, side, side);
            for (Stroke s : strokes) {
                render(gc, s, 0);
            }
        });
        canvas.redraw();
    }

    private void paint(GC gc) {
        if (offscreen == null) {
            resized();
        }
        gc.drawImage(offscreen, 0, 0);
        if (overlay != null && !strokes.isEmpty()) {
            gc.drawImage(overlay, 0, 0);
        }
        if (strokes.isEmpty()) {
            gc.setFont(theme.heading);
            gc.setForeground(theme.grid);
            String hint = "Draw a digit";
            Point e = gc.textExtent(hint);
            gc.drawString(hint, (side - e.x) / 2, (side - e.y) / 2, true);
        }
        gc.setForeground(theme.accent);
        gc.setLineWidth(2);
        gc.drawRectangle(1, 1, side - 2, side - 2);
    }
}
