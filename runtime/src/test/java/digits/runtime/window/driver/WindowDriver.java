package digits.runtime.window.driver;

import digits.runtime.window.WorkbenchWindow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.swt.SWT;
import org.eclipse.swt.SWTException;
import org.eclipse.swt.custom.CLabel;
import org.eclipse.swt.custom.CTabFolder;
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
import org.eclipse.swt.widgets.ProgressBar;
import org.eclipse.swt.widgets.Scrollable;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

/**
 * Drives the real window for the UI tests, from outside the product: it walks the shell's
 * widgets, finds them by their text or label, or by the name the product gives a widget under
 * {@value #ID}, reads painted widgets through their tooltips, and posts real mouse and key events
 * to the display. Every call runs on the UI thread through {@code syncExec} and refuses to run on
 * it (it would wait for itself).
 */
final class WindowDriver implements WorkbenchWindow {

    /** The key under which the product names a widget ({@code digits.ui.internal.Ui.ID}). */
    static final String ID = "digits.id";
    private static final long STROKE_TIMEOUT_MS = 15_000;
    /** The side of the reference canvas on which strokes are given. */
    private static final int REFERENCE_SIDE = 280;
    private static final String UPDATING = " Updating for the latest strokes.";
    private static final String MATRIX = "Confusion matrix, a row per true class, its counts per predicted class:";

    private final Display display;
    private final Shell shell;
    /** What this driver saw reach the canvas: the pointer, presses and releases of the first button. */
    private Point canvasPointer = new Point(-1, -1);
    private long canvasPresses;
    private long canvasReleases;
    private Control watchedCanvas;

    WindowDriver(Display display, Shell shell) {
        this.display = display;
        this.shell = shell;
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
                if (shell.isDisposed()) {
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

    // ---- finding widgets, on the UI thread ----

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

    private CTabFolder tabFolder() {
        for (Control c : descendants(shell)) {
            if (c instanceof CTabFolder f) {
                return f;
            }
        }
        throw new IllegalStateException("the window has no tabs");
    }

    private Control selectedTabControl() {
        return tabFolder().getSelection().getControl();
    }

    private String selectedTabName() {
        return tabFolder().getSelection().getText();
    }

    private List<Control> named(String name) {
        List<Control> out = new ArrayList<>();
        for (Control c : descendants(shell)) {
            if (name.equals(c.getData(ID))) {
                out.add(c);
            }
        }
        return out;
    }

    private Control theNamed(String name) {
        List<Control> found = named(name);
        if (found.size() != 1) {
            throw new IllegalStateException(found.size() + " widgets named '" + name + "' in the window");
        }
        return found.get(0);
    }

    private static String plain(String text) {
        return text.replace("&", "").replaceFirst(":$", "").trim();
    }

    private static String tooltip(Control c) {
        String t = c.getToolTipText();
        return t == null ? "" : t;
    }

    // ---- the window and its tabs ----

    @Override
    public String title() {
        return onUi(shell::getText);
    }

    @Override
    public void screenshot(Path png) throws Exception {
        onUi(() -> {
            shell.forceActive();
            shell.update();
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
                Rectangle bounds = shell.getBounds();
                Rectangle client = shell.getClientArea();
                Point origin = shell.toDisplay(client.x, client.y);
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
        return onUi(() -> Arrays.stream(tabFolder().getItems()).map(CTabItem::getText).toList());
    }

    @Override
    public void selectTab(String name) {
        onUi(() -> {
            if (!selectTabNow(name)) {
                throw new IllegalArgumentException("no tab '" + name + "'; tabs: "
                        + Arrays.stream(tabFolder().getItems()).map(CTabItem::getText).toList());
            }
        });
    }

    private CTabItem tab(String name) {
        for (CTabItem t : tabFolder().getItems()) {
            if (t.getText().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("no tab '" + name + "'");
    }

    private boolean selectTabNow(String name) {
        CTabFolder tabs = tabFolder();
        for (CTabItem t : tabs.getItems()) {
            if (t.getText().equals(name)) {
                if (tabs.getSelection() != t) {
                    tabs.setSelection(t);
                    shell.layout(true, true);
                }
                return true;
            }
        }
        return false;
    }

    @Override
    public String selectedTab() {
        return onUi(this::selectedTabName);
    }

    @Override
    public void close() {
        onUi(shell::close);
    }

    // ---- buttons, fields and tables on the tab in front ----

    private Button button(String text) {
        for (Control c : descendants(selectedTabControl())) {
            if (c instanceof Button b && plain(b.getText()).equals(text) && b.isVisible()) {
                return b;
            }
        }
        throw new IllegalStateException("no button '" + text + "' on the tab " + selectedTabName());
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
    private Control fieldControl(String label) {
        for (Control c : descendants(selectedTabControl())) {
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
        throw new IllegalStateException("no field '" + label + "' on the tab " + selectedTabName());
    }

    @Override
    public void setField(String label, String value) {
        onUi(() -> {
            Control c = fieldControl(label);
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
            Control c = fieldControl(label);
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

    private Table table() {
        for (Control c : descendants(selectedTabControl())) {
            if (c instanceof Table t) {
                return t;
            }
        }
        throw new IllegalStateException("no table on the tab " + selectedTabName());
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
            return Arrays.stream(t.getItems()).map(item -> row(t, item)).toList();
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
            throw new IllegalStateException("no row with '" + text + "' in the table on the tab " + selectedTabName());
        });
    }

    @Override
    public String statusText() {
        return onUi(() -> {
            List<String> parts = new ArrayList<>();
            for (Control c : descendants(theNamed("status"))) {
                if (c instanceof CLabel l && l.getText() != null) {
                    parts.add(l.getText());
                }
            }
            return String.join(" | ", parts);
        });
    }

    // ---- the Draw tab ----

    /** The canvas, watched by this driver's own listeners (after the canvas's: they see what it took). */
    private Control canvas() {
        Control canvas = theNamed("draw.canvas");
        if (canvas != watchedCanvas) {
            watchedCanvas = canvas;
            canvas.addListener(SWT.MouseMove, e -> canvasPointer = new Point(e.x, e.y));
            canvas.addListener(SWT.MouseDown, e -> canvasPresses += e.button == 1 ? 1 : 0);
            canvas.addListener(SWT.MouseUp, e -> canvasReleases += e.button == 1 ? 1 : 0);
        }
        return canvas;
    }

    @Override
    public void drawStroke(List<int[]> points) {
        Objects.requireNonNull(points, "points");
        if (points.isEmpty()) {
            return;
        }
        long[] before = new long[2];
        List<Point> onCanvas = new ArrayList<>();
        List<Point> onScreen = onUi(() -> {
            selectTabNow("Draw");
            shell.forceActive();
            Control canvas = canvas();
            before[0] = canvasPresses;
            before[1] = canvasReleases;
            // strokes are given on the 280x280 reference canvas; the canvas is the largest square it holds
            Rectangle area = ((Scrollable) canvas).getClientArea();
            double f = Math.min(area.width, area.height) / (double) REFERENCE_SIDE;
            List<Point> out = new ArrayList<>();
            for (int[] p : points) {
                Point c = new Point((int) Math.round(p[0] * f), (int) Math.round(p[1] * f));
                onCanvas.add(c);
                out.add(canvas.toDisplay(c));
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
        while (!onUi(() -> canvasPresses > before[0] && canvasReleases > before[1])) {
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
        while (!expected.equals(onUi(() -> canvasPointer))) {
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

    @Override
    public void clearCanvas() {
        clickOnDraw("Clear");
    }

    /** Presses a Draw tab button, whichever tab is in front; a disabled one (nothing to clear) is left alone. */
    private void clickOnDraw(String text) {
        String tab = selectedTab();
        selectTab("Draw");
        try {
            if (isButtonEnabled(text)) {
                clickButton(text);
            }
        } finally {
            selectTab(tab);
        }
    }

    /** The prediction panel's description: the answer, the top five, and whether newer strokes are on their way. */
    private String predictionDescription() {
        return tooltip(theNamed("draw.prediction"));
    }

    private static final Pattern ANSWER = Pattern.compile("^Answer: (not a digit|\\d)\\b");

    private static String digitOf(String description) {
        Matcher m = ANSWER.matcher(description);
        return m.find() ? m.group(1) : "";
    }

    @Override
    public String predictedDigitText() {
        return digitOf(onUi(this::predictionDescription));
    }

    @Override
    public String awaitPrediction(long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            String description = onUi(this::predictionDescription);
            if (!description.endsWith(UPDATING)) {
                return digitOf(description);
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
        String description = onUi(this::predictionDescription);
        int at = description.indexOf("Top five: ");
        if (at < 0) {
            return List.of();
        }
        String rows = description.substring(at + "Top five: ".length());
        if (rows.endsWith(UPDATING)) {
            rows = rows.substring(0, rows.length() - UPDATING.length());
        }
        return List.of(rows.substring(0, rows.length() - 1).split(", ")); // without the full stop
    }

    @Override
    public List<String> recognizerChoices() {
        return onUi(() -> {
            for (Control c : descendants(tab("Draw").getControl())) {
                if (c instanceof Label l && plain(l.getText()).equals("Recognizer")) {
                    Control[] siblings = l.getParent().getChildren();
                    int i = Arrays.asList(siblings).indexOf(l);
                    if (i + 1 < siblings.length && siblings[i + 1] instanceof Combo combo) {
                        return List.of(combo.getItems());
                    }
                }
            }
            throw new IllegalStateException("no recognizer selector");
        });
    }

    @Override
    public boolean showsSaliency() {
        return onUi(() -> tooltip(theNamed("draw.input")).contains("saliency map"));
    }

    // ---- the Train tab ----

    @Override
    public String progressText() {
        return onUi(() -> ((Label) theNamed("train.progress.text")).getText());
    }

    @Override
    public int progressPercent() {
        return onUi(() -> {
            ProgressBar bar = (ProgressBar) theNamed("train.progress");
            return (int) Math.floor(100.0 * bar.getSelection() / bar.getMaximum() + 1e-9);
        });
    }

    private static final Pattern SERIES = Pattern.compile("^(.+): (\\d+) points?");

    /** A chart's series and their point counts, read from its description ("Title — name: N points, ...; ..."). */
    private List<String[]> series(String title) {
        return onUi(() -> {
            for (Control c : named("chart")) {
                String t = tooltip(c);
                if (t.startsWith(title + " — ")) {
                    List<String[]> out = new ArrayList<>();
                    for (String part : t.substring(title.length() + 3).split("; ")) {
                        Matcher m = SERIES.matcher(part);
                        if (m.find()) {
                            out.add(new String[] {m.group(1), m.group(2)});
                        }
                    }
                    return out;
                }
            }
            throw new IllegalStateException("no chart '" + title + "'");
        });
    }

    @Override
    public int chartPointCount(String chart) {
        String title = switch (chart.toLowerCase(Locale.ROOT)) {
            case "loss" -> "Loss per epoch";
            case "accuracy" -> "Accuracy per epoch";
            case "batch loss" -> "Loss per batch";
            default -> throw new IllegalArgumentException("no chart '" + chart + "': loss, accuracy or batch loss");
        };
        return series(title).stream().mapToInt(s -> Integer.parseInt(s[1])).sum();
    }

    @Override
    public List<String> chartSeries(String chart) {
        return series(chart).stream().map(s -> s[0]).toList();
    }

    // ---- the Evaluate tab ----

    @Override
    public int[][] confusionMatrix() {
        String description = onUi(() -> tooltip(theNamed("evaluate.matrix")));
        if (!description.startsWith(MATRIX)) {
            // over a cell the tooltip names the cell: take the pointer away from the matrix
            Point away = onUi(() -> theNamed("evaluate.gallery.caption").toDisplay(1, 1));
            post(SWT.MouseMove, away, 0);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!description.startsWith(MATRIX) && description.startsWith("true ")
                    && System.nanoTime() < deadline) {
                pause(10);
                description = onUi(() -> tooltip(theNamed("evaluate.matrix")));
            }
        }
        if (!description.startsWith(MATRIX)) {
            return new int[0][0];
        }
        String[] rows = description.substring(MATRIX.length()).trim().split("; ");
        int[][] out = new int[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            String[] cells = rows[r].substring(rows[r].indexOf(':') + 1).trim().split(" ");
            out[r] = Arrays.stream(cells).mapToInt(Integer::parseInt).toArray();
        }
        return out;
    }

    private String galleryCaptionText() {
        return onUi(() -> ((Label) theNamed("evaluate.gallery.caption")).getText());
    }

    private static final Pattern CELL = Pattern.compile("^True (\\d+), predicted (\\d+):");

    @Override
    public String clickConfusionCell(int trueClass, int predictedClass) {
        int n = confusionMatrix().length;
        if (n == 0) {
            throw new IllegalStateException("no evaluation has been shown yet");
        }
        // a real click in the middle of the matrix: it takes the keyboard focus, and selects the cell there
        Point at = onUi(() -> {
            selectTabNow("Evaluate");
            shell.forceActive();
            Control matrix = theNamed("evaluate.matrix");
            Rectangle area = ((Scrollable) matrix).getClientArea();
            return matrix.toDisplay(area.width / 2, area.height / 2);
        });
        click(at);
        awaitFocus("evaluate.matrix");
        // then the arrow keys, one press at a time, each confirmed by the caption
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STROKE_TIMEOUT_MS);
        String caption = galleryCaptionText();
        while (true) {
            Matcher m = CELL.matcher(caption);
            int row = m.find() ? Integer.parseInt(m.group(1)) : -1;
            int column = row < 0 ? -1 : Integer.parseInt(m.group(2));
            if (row == trueClass && column == predictedClass) {
                return caption;
            }
            int key = row < 0 ? SWT.ARROW_RIGHT // nothing selected: the first arrow selects the top left cell
                    : row < trueClass ? SWT.ARROW_DOWN : row > trueClass ? SWT.ARROW_UP
                    : column < predictedClass ? SWT.ARROW_RIGHT : SWT.ARROW_LEFT;
            String before = caption;
            press(key);
            while ((caption = galleryCaptionText()).equals(before)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the matrix did not move to true " + trueClass + ", predicted "
                            + predictedClass + "; the caption is: " + caption);
                }
                pause(10);
            }
        }
    }

    private void awaitFocus(String name) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!onUi(() -> theNamed(name).isFocusControl())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the click did not give '" + name + "' the keyboard focus");
            }
            pause(10);
        }
    }

    private static final Pattern SHOWN = Pattern.compile("(\\d[\\d,]*) shown|: ([\\d,]+) images");

    @Override
    public int galleryImageCount() {
        // the caption says how many tiles the gallery shows: "N shown" or, when all are, "N images"
        String caption = galleryCaptionText();
        Matcher m = SHOWN.matcher(caption);
        if (!m.find()) {
            return 0;
        }
        return Integer.parseInt((m.group(1) != null ? m.group(1) : m.group(2)).replace(",", ""));
    }

    // ---- any named widget ----

    @Override
    public String labelText(String name) {
        return onUi(() -> ((Label) theNamed(name)).getText());
    }

    @Override
    public String tooltipAt(String name, int x, int y) {
        Point at = onUi(() -> theNamed(name).toDisplay(x, y));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            // a pointer already there moves no more: step off and back, so the widget hears a move
            post(SWT.MouseMove, new Point(at.x + 1, at.y + 1), 0);
            post(SWT.MouseMove, at, 0);
            pause(50);
            String tip = onUi(() -> tooltip(theNamed(name)));
            if (!tip.isEmpty()) {
                return tip;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("'" + name + "' shows no tooltip at " + x + ", " + y);
            }
        }
    }

    @Override
    public void clickAt(String name, int x, int y) {
        Point at = onUi(() -> {
            shell.forceActive();
            return theNamed(name).toDisplay(x, y);
        });
        click(at);
        onUi(() -> {
            // the click has been handled once the UI thread runs this
        });
    }

    // ---- posting events ----

    /** Moves the real pointer to a point of the display, waits until it is there, and clicks button 1. */
    private void click(Point at) {
        post(SWT.MouseMove, at, 0);
        long moved = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!at.equals(onUi(display::getCursorLocation)) && System.nanoTime() < moved) {
            pause(5);
        }
        pause(50); // the toolkit reads the move before the press
        post(SWT.MouseDown, at, 1);
        post(SWT.MouseUp, at, 1);
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

    private void press(int keyCode) {
        for (int type : new int[] {SWT.KeyDown, SWT.KeyUp}) {
            Event e = new Event();
            e.type = type;
            e.keyCode = keyCode;
            if (!onUi(() -> display.post(e))) {
                throw new IllegalStateException("the display refused a posted key event");
            }
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
}
