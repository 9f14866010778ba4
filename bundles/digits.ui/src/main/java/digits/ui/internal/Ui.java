package digits.ui.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.swt.SWT;
import org.eclipse.swt.SWTException;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.Widget;

/** Small helpers every view uses: handing work to the UI thread, layouts and number formats. */
public final class Ui {

    /**
     * The key of a widget's name ({@code widget.getData(ID)}): what scripts and assistive tools
     * find a widget by when its text does not say what it is (a drawing surface, a chart).
     */
    public static final String ID = "digits.id";

    private Ui() {
    }

    /** Names a widget under {@link #ID} and returns it. */
    public static <W extends Widget> W named(W widget, String name) {
        widget.setData(ID, name);
        return widget;
    }

    /**
     * Runs {@code action} on the UI thread later, unless the widget (or the display) is gone by
     * then. Safe to call from any thread, also while the display is being disposed.
     */
    public static void async(Widget widget, Runnable action) {
        Display display = displayOf(widget);
        if (display == null) {
            return;
        }
        try {
            display.asyncExec(() -> {
                if (!widget.isDisposed()) {
                    action.run();
                }
            });
        } catch (SWTException e) {
            // the display was disposed between the check and the call: nothing left to update
        }
    }

    private static Display displayOf(Widget widget) {
        try {
            return widget.isDisposed() ? null : widget.getDisplay();
        } catch (SWTException e) {
            return null;
        }
    }

    /**
     * A status that reports on the display thread, whatever thread a model reports from (its
     * worker's, a service's); nothing is reported once the widget is gone.
     */
    public static Status onDisplay(Widget widget, Status status) {
        return new Status() {
            @Override
            public void message(String text) {
                async(widget, () -> status.message(text));
            }

            @Override
            public void problem(String text) {
                async(widget, () -> status.problem(text));
            }

            @Override
            public void error(String operation, String detail) {
                async(widget, () -> status.error(operation, detail));
            }
        };
    }

    /**
     * Coalesces many requests from other threads into one run on the UI thread: while a run is
     * pending, further requests are dropped. For events that arrive faster than a screen can show
     * them (one per training batch, one per service change).
     */
    public static final class Coalescer {
        private final Widget widget;
        private final Runnable action;
        private final AtomicBoolean pending = new AtomicBoolean();

        public Coalescer(Widget widget, Runnable action) {
            this.widget = widget;
            this.action = action;
        }

        public void request() {
            if (pending.compareAndSet(false, true)) {
                async(widget, () -> {
                    pending.set(false);
                    action.run();
                });
            }
        }
    }

    /**
     * A single daemon thread for a view's slow work (recognition, file copies, framework calls),
     * so the UI thread never waits and a closing window is never held open by it.
     */
    public static ExecutorService worker(String threadName) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** A single-selection table with a header, filling its cell; the columns in {@code rightAligned} are numbers. */
    public static Table table(Composite parent, String[] columns, int[] widths, Set<Integer> rightAligned) {
        Table table = new Table(parent, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE);
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        for (int i = 0; i < columns.length; i++) {
            TableColumn c = new TableColumn(table, rightAligned.contains(i) ? SWT.RIGHT : SWT.LEFT);
            c.setText(columns[i]);
            c.setWidth(widths[i]);
        }
        table.setLayoutData(fill());
        return table;
    }

    /** A column of buttons beside a table. */
    public static Composite buttonColumn(Composite parent) {
        Composite buttons = new Composite(parent, SWT.NONE);
        buttons.setLayoutData(new GridData(SWT.FILL, SWT.BEGINNING, false, false));
        buttons.setLayout(grid(1, 0, 6));
        return buttons;
    }

    /** A push button as wide as its column, doing {@code action} when pressed. */
    public static Button button(Composite parent, String text, Runnable action) {
        Button b = new Button(parent, SWT.PUSH);
        b.setText(text);
        b.setLayoutData(fillHorizontal());
        b.addListener(SWT.Selection, e -> action.run());
        return b;
    }

    public static GridLayout grid(int columns, int margin, int spacing) {
        GridLayout l = new GridLayout(columns, false);
        l.marginWidth = margin;
        l.marginHeight = margin;
        l.horizontalSpacing = spacing;
        l.verticalSpacing = spacing;
        return l;
    }

    public static GridData fill() {
        return new GridData(SWT.FILL, SWT.FILL, true, true);
    }

    public static GridData fillHorizontal() {
        return new GridData(SWT.FILL, SWT.CENTER, true, false);
    }

    /** {@code 0.98765} as {@code 98.77%}. */
    public static String percent(double fraction) {
        return Double.isNaN(fraction) ? "–" : String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }

    /** {@code m:ss}, or {@code h:mm:ss} from an hour on. */
    public static String clock(long millis) {
        Duration d = Duration.ofMillis(Math.max(0, millis));
        long h = d.toHours();
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, d.toMinutesPart(), d.toSecondsPart())
                : String.format(Locale.ROOT, "%d:%02d", d.toMinutes(), d.toSecondsPart());
    }

    /** A number as a person writes it in a field: {@code 0.002}, {@code 1e-7}. */
    public static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        String s = Double.toString(v);
        return s.contains("E") ? s.replace("E", "e") : s;
    }

    /** The message of an exception, or its class name when it has none. */
    public static String message(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof java.util.concurrent.CompletionException
                || cause instanceof java.util.concurrent.ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String m = cause.getMessage();
        return m == null || m.isBlank() ? cause.getClass().getSimpleName() : m;
    }
}
