package digits.shell.internal;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of a long command on stderr, so that stdout carries only results. On a terminal (the
 * launcher sets {@code digits.terminal} when stderr is one) a bar redrawn in place with the rate
 * and the time left; elsewhere (a pipe, a log file) a plain line every tenth of the way.
 */
final class Progress {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream err;
    private final boolean terminal;
    private final String task;
    private final String unit;
    private final long total;
    private final long start = System.nanoTime();
    private long lastDraw;
    private int lastTenth;

    Progress(PrintStream err, boolean terminal, String task, long total, String unit) {
        this.err = err;
        this.terminal = terminal;
        this.task = task;
        this.total = Math.max(1, total);
        this.unit = unit;
    }

    /** On the console the command runs in: a bar when the launcher said stderr is a terminal. */
    static Progress console(String task, long total, String unit) {
        return new Progress(System.err, Boolean.getBoolean("digits.terminal"), task, total, unit);
    }

    /** {@code done} of the total are finished; {@code note} (a loss, say) is shown beside them. */
    synchronized void update(long done, String note) {
        long now = System.nanoTime();
        double seconds = (now - start) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        long left = rate > 0 ? Math.round((total - done) / rate) : -1;
        String counts = String.format(Locale.ROOT, "%d/%d %s%s, %.0f %s/s, ETA %s", done, total, unit,
                note.isEmpty() ? "" : ", " + note, rate, unit, clock(left));
        if (terminal) {
            if (now - lastDraw < REDRAW_NANOS && done < total) {
                return;
            }
            lastDraw = now;
            int filled = (int) (WIDTH * done / total);
            err.print(String.format(Locale.ROOT, "\r%s [%s%s] %3d%% %s\033[K", task, "#".repeat(filled),
                    "-".repeat(WIDTH - filled), 100 * done / total, counts));
            if (done >= total) {
                err.println();
            }
            err.flush();
            return;
        }
        int tenth = (int) (10 * done / total);
        if (tenth > lastTenth) {
            lastTenth = tenth;
            err.println(String.format(Locale.ROOT, "%s: %3d%% %s", task, 100 * done / total, counts));
        }
    }

    static String clock(long seconds) {
        if (seconds < 0) {
            return "?";
        }
        return seconds >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
