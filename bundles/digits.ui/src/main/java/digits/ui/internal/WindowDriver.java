package digits.ui.internal;

import digits.ui.WorkbenchWindow;
import digits.ui.internal.draw.DrawingCanvas;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.eclipse.swt.SWT;
import org.eclipse.swt.SWTException;
import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

/**
 * The {@link WorkbenchWindow} service: drives the real window for tests and scripts. Every call
 * runs on the UI thread through {@code syncExec} and refuses to run on it (it would wait for
 * itself). Drawing posts real mouse events to the display, so the canvas's own listeners run.
 */
final class WindowDriver implements WorkbenchWindow {

    private static final long STROKE_TIMEOUT_MS = 15_000;

    private final Display display;
    private final MainWindow window;

    WindowDriver(Display display, MainWindow window) {
        this.display = display;
        this.window = window;
    }

    private <T> T onUi(Supplier<T> action) {
        Thread ui;
        try {
            ui = display.getThread();
        } catch (SWTException e) {
            throw new IllegalStateException("the window is closed", e);
        }
        if (ui == Thread.currentThread()) {
            throw new IllegalStateException("WorkbenchWindow is called from other threads; this is the UI thread");
        }
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        try {
            display.syncExec(() -> {
                if (window.shell.isDisposed()) {
                    failure.set(new IllegalStateException("the window is closed"));
                    return;
                }
                try {
                    result.set(action.get());
                } catch (RuntimeException e) {
                    failure.set(e);
                }
            });
        } catch (SWTException e) {
            throw new IllegalStateException("the window is closed", e);
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }

    private void onUi(Runnable action) {
        onUi(() -> {
            action.run();
            return null;
        });
    }

    @Override
    public String title() {
        return onUi(() -> window.shell.getText());
    }

    @Override
    public void screenshot(Path png) throws Exception {
        onUi(() -> {
            window.shell.forceActive();
            window.shell.update();
        });
        // GTK paints on its frame clock: give it a few frames to put the last changes on screen
        pause(250);
        AtomicReference<Exception> failure = new AtomicReference<>();
        onUi(() -> {
            try {
                while (display.readAndDispatch()) {
                    // let pending paints finish so the picture shows what a user sees
                }
                // the window as it is on screen: from its top (menu bar included) to the bottom
                // of its client area; GTK's bounds may also count decorations not drawn here
                Rectangle bounds = window.shell.getBounds();
                Rectangle client = window.shell.getClientArea();
                Point origin = window.shell.toDisplay(client.x, client.y);
                int top = Math.min(bounds.y, origin.y);
                Rectangle shot = new Rectangle(origin.x, top, client.width, origin.y + client.height - top);
                Image image = new Image(display, shot.width, shot.height);
                // from the screen, not the shell: what is on screen, menu bar and all
                GC gc = new GC(display);
                try {
                    gc.copyArea(image, shot.x, shot.y);
                    ImageData data = image.getImageData();
                    ImageLoader loader = new ImageLoader();
                    loader.data = new ImageData[] {data};
                    loader.save(png.toString(), SWT.IMAGE_PNG);
                } finally {
                    gc.dispose();
                    image.dispose();
                }
            } catch (Exception e) {
                failure.set(e);
            }
        });
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    @Override
    public List<String> tabs() {
        return onUi(window::tabTitles);
    }

    @Override
    public void selectTab(String name) {
        onUi(() -> {
            for (CTabItem t : window.tabs.getItems()) {
                if (t.getText().equals(name)) {
                    window.tabs.setSelection(t);
                    return;
                }
            }
            throw new IllegalArgumentException("no tab '" + name + "'; tabs: " + window.tabTitles());
        });
    }

    @Override
    public String selectedTab() {
        return onUi(() -> window.tabs.getSelection().getText());
    }

    private Control selectedTabControl() {
        return window.tabs.getSelection().getControl();
    }

    private static List<Control> descendants(Control root) {
        List<Control> out = new ArrayList<>();
        out.add(root);
        if (root instanceof Composite c) {
            for (Control child : c.getChildren()) {
                out.addAll(descendants(child));
            }
        }
        return out;
    }

    private static String plain(String text) {
        return text.replace("&", "").replaceFirst(":$", "").trim();
    }

    private Button button(String text) {
        for (Control c : descendants(selectedTabControl())) {
            if (c instanceof Button b && plain(b.getText()).equals(text) && b.isVisible()) {
                return b;
            }
        }
        throw new IllegalStateException("no button '" + text + "' on the tab " + window.tabs.getSelection().getText());
    }

    @Override
    public void clickButton(String text) {
        onUi(() -> {
            Button b = button(text);
            if (!b.isEnabled()) {
                throw new IllegalStateException("the button '" + text + "' is disabled");
            }
            // later, so a dialog the button opens does not hold this call
            display.asyncExec(() -> {
                if (!b.isDisposed()) {
                    if ((b.getStyle() & (SWT.CHECK | SWT.RADIO | SWT.TOGGLE)) != 0) {
                        b.setSelection(!b.getSelection());
                    }
                    b.notifyListeners(SWT.Selection, new Event());
                }
            });
        });
        onUi(() -> {
            // the click above has run once this returns: the UI thread runs its queue in order
        });
    }

    @Override
    public boolean isButtonEnabled(String text) {
        return onUi(() -> button(text).isEnabled());
    }

    /** The field labelled so: the control after the label, or a check box with that text. */
    private Control field(Control root, String label) {
        for (Control c : descendants(root)) {
            if (c instanceof Label l && plain(l.getText()).equals(label)) {
                Control[] siblings = l.getParent().getChildren();
                for (int i = 0; i < siblings.length - 1; i++) {
                    if (siblings[i] == l) {
                        return siblings[i + 1];
                    }
                }
            }
            if (c instanceof Button b && (b.getStyle() & SWT.CHECK) != 0 && plain(b.getText()).equals(label)) {
                return b;
            }
        }
        throw new IllegalStateException("no field '" + label + "' on the tab " + window.tabs.getSelection().getText());
    }

    @Override
    public void setField(String label, String value) {
        onUi(() -> {
            Control c = field(selectedTabControl(), label);
            if (c instanceof Text t) {
                t.setText(value);
            } else if (c instanceof Combo combo) {
                int i = List.of(combo.getItems()).indexOf(value);
                if (i < 0) {
                    throw new IllegalArgumentException("'" + label + "' offers no '" + value + "'; it offers "
                            + List.of(combo.getItems()));
                }
                combo.select(i);
                combo.notifyListeners(SWT.Selection, new Event());
            } else if (c instanceof Spinner s) {
                s.setSelection(Integer.parseInt(value.trim()));
                s.notifyListeners(SWT.Selection, new Event());
                s.notifyListeners(SWT.Modify, new Event());
            } else if (c instanceof Button b) {
                b.setSelection(Boolean.parseBoolean(value.trim()));
                b.notifyListeners(SWT.Selection, new Event());
            } else {
                throw new IllegalStateException("'" + label + "' is a " + c.getClass().getSimpleName() + ", not a field");
            }
        });
    }

    @Override
    public String field(String label) {
        return onUi(() -> {
            Control c = field(selectedTabControl(), label);
            if (c instanceof Text t) {
                return t.getText();
            } else if (c instanceof Combo combo) {
                return combo.getText();
            } else if (c instanceof Spinner s) {
                return Integer.toString(s.getSelection());
            } else if (c instanceof Button b) {
                return Boolean.toString(b.getSelection());
            }
            throw new IllegalStateException("'" + label + "' is a " + c.getClass().getSimpleName() + ", not a field");
        });
    }

    @Override
    public void drawStroke(List<int[]> points) {
        Objects.requireNonNull(points, "points");
        if (points.isEmpty()) {
            return;
        }
        AtomicReference<Long> before = new AtomicReference<>();
        List<Point> onCanvas = new ArrayList<>();
        List<Point> onScreen = onUi(() -> {
            selectTabNow("Draw");
            window.shell.forceActive();
            DrawingCanvas canvas = window.draw.canvas();
            before.set(canvas.finishedStrokes());
            List<Point> out = new ArrayList<>();
            for (int[] p : points) {
                Point c = canvas.fromReference(p[0], p[1]);
                onCanvas.add(c);
                out.add(canvas.control().toDisplay(c));
            }
            return out;
        });
        // Each move is confirmed by the canvas before the next event goes: the press must find
        // the pointer where the stroke starts, and a toolkit may merge moves that come faster
        // than it reads them.
        Point first = onScreen.get(0);
        post(SWT.MouseMove, first, 0);
        for (int attempt = 1; !awaitPointer(onCanvas.get(0), attempt == 3); attempt++) {
            // no motion is reported when the pointer is there already: come from a pixel aside
            post(SWT.MouseMove, new Point(first.x + 1, first.y + 1), 0);
            post(SWT.MouseMove, first, 0);
        }
        post(SWT.MouseDown, onScreen.get(0), 1);
        for (int i = 1; i < onScreen.size(); i++) {
            post(SWT.MouseMove, onScreen.get(i), 0);
            awaitPointer(onCanvas.get(i), false);
        }
        post(SWT.MouseUp, onScreen.get(onScreen.size() - 1), 1);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STROKE_TIMEOUT_MS);
        while (onUi(() -> window.draw.canvas().finishedStrokes()) <= before.get()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the canvas did not receive the stroke's mouse events within "
                        + STROKE_TIMEOUT_MS + " ms (is the window on top and the display accepting posted events?)");
            }
            pause(10);
        }
    }

    /** Waits up to a second for the canvas to see the pointer there; fails if {@code required}. */
    private boolean awaitPointer(Point expected, boolean required) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (!expected.equals(onUi(() -> window.draw.canvas().lastPointer()))) {
            if (System.nanoTime() > deadline) {
                if (required) {
                    throw new IllegalStateException("the canvas did not see the pointer at " + expected
                            + " (is the window on top and the display accepting posted events?)");
                }
                return false;
            }
            pause(2);
        }
        return true;
    }

    private void selectTabNow(String name) {
        for (CTabItem t : window.tabs.getItems()) {
            if (t.getText().equals(name) && window.tabs.getSelection() != t) {
                window.tabs.setSelection(t);
                window.tabs.getShell().layout(true, true);
            }
        }
    }

    private void post(int type, Point at, int button) {
        Event e = new Event();
        e.type = type;
        e.x = at.x;
        e.y = at.y;
        e.button = button;
        // On GTK, posting moves the pointer, which only the UI thread may do.
        if (!onUi(() -> display.post(e))) {
            throw new IllegalStateException("the display refused a posted mouse event");
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void clearCanvas() {
        onUi(() -> window.draw.canvas().clear());
    }

    @Override
    public String predictedDigitText() {
        return onUi(() -> window.draw.predictedDigitText());
    }

    @Override
    public String awaitPrediction(long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            String digit = onUi(() -> window.draw.predictionIsCurrent() ? window.draw.predictedDigitText() : null);
            if (digit != null) {
                return digit;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no prediction for the current drawing within " + timeoutMillis
                        + " ms; the status line says: " + statusText());
            }
            pause(10);
        }
    }

    @Override
    public List<String> topFiveRows() {
        return onUi(() -> window.draw.topFiveRows());
    }

    @Override
    public List<String> recognizerChoices() {
        return onUi(() -> window.draw.recognizerChoices());
    }

    @Override
    public String statusText() {
        return onUi(() -> window.status.text());
    }

    @Override
    public String progressText() {
        return onUi(() -> window.train.progressText());
    }

    @Override
    public int progressPercent() {
        return onUi(() -> window.train.progressPercent());
    }

    @Override
    public int chartPointCount(String chart) {
        return onUi(() -> window.train.chartPointCount(chart));
    }

    @Override
    public int[][] confusionMatrix() {
        return onUi(() -> window.evaluate.confusionMatrix());
    }

    @Override
    public String clickConfusionCell(int trueClass, int predictedClass) {
        Point at = onUi(() -> {
            selectTabNow("Evaluate");
            window.shell.forceActive();
            if (window.evaluate.confusionMatrix().length == 0) {
                throw new IllegalStateException("no evaluation has been shown yet");
            }
            return window.evaluate.cellOnDisplay(trueClass, predictedClass);
        });
        post(SWT.MouseMove, at, 0);
        long moved = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!at.equals(onUi(display::getCursorLocation)) && System.nanoTime() < moved) {
            pause(5);
        }
        pause(50); // the toolkit reads the move before the press
        post(SWT.MouseDown, at, 1);
        post(SWT.MouseUp, at, 1);
        String expected = "True " + trueClass + ", predicted " + predictedClass;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STROKE_TIMEOUT_MS);
        while (true) {
            String caption = onUi(() -> window.evaluate.galleryCaption());
            if (caption.startsWith(expected)) {
                return caption;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the click on the cell did not arrive; the caption is: " + caption);
            }
            pause(10);
        }
    }

    @Override
    public int galleryImageCount() {
        return onUi(() -> window.evaluate.galleryCount());
    }

    private Table table() {
        for (Control c : descendants(selectedTabControl())) {
            if (c instanceof Table t) {
                return t;
            }
        }
        throw new IllegalStateException("no table on the tab " + window.tabs.getSelection().getText());
    }

    private static String row(Table t, TableItem item) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < t.getColumnCount(); i++) {
            sb.append(i == 0 ? "" : " | ").append(item.getText(i));
        }
        return sb.toString();
    }

    @Override
    public List<String> tableRows() {
        return onUi(() -> {
            Table t = table();
            List<String> rows = new ArrayList<>();
            for (TableItem item : t.getItems()) {
                rows.add(row(t, item));
            }
            return rows;
        });
    }

    @Override
    public void selectTableRow(String text) {
        onUi(() -> {
            Table t = table();
            for (TableItem item : t.getItems()) {
                if (row(t, item).contains(text)) {
                    t.setSelection(item);
                    Event e = new Event();
                    e.item = item;
                    t.notifyListeners(SWT.Selection, e);
                    return;
                }
            }
            throw new IllegalStateException("no row with '" + text + "' in the table on the tab "
                    + window.tabs.getSelection().getText());
        });
    }

    @Override
    public boolean showsSaliency() {
        return onUi(() -> window.draw.showsSaliency());
    }

    @Override
    public List<String> chartSeries(String chart) {
        return onUi(() -> {
            if (!window.models.comparisonChartTitle().equals(chart)) {
                throw new IllegalStateException("no chart '" + chart + "'; the Models tab draws '"
                        + window.models.comparisonChartTitle() + "'");
            }
            return window.models.comparedSeries();
        });
    }

    @Override
    public void close() {
        onUi(() -> window.shell.close());
    }
}
