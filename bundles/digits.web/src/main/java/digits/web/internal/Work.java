package digits.web.internal;

import digits.web.internal.ApiServlet.Refused;
import jakarta.servlet.http.HttpServletResponse;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Decoding and preprocessing run a few at a time, whichever endpoint asked for them
 * ({@code /api/predict}, {@code /classify}), so that many clients (or a few with large pictures)
 * queue instead of sharing the cores and the heap among all of Jetty's threads; a request that
 * waits too long is answered 503. Recognition is outside: the recognizer batches the requests
 * that meet there into one forward pass, and a limit of a few here would cap that batch.
 */
final class Work {

    static final Work SHARED = new Work(Math.max(2, Runtime.getRuntime().availableProcessors()));
    private static final long MAX_WAIT_SECONDS = 30;

    private final Semaphore working;

    private Work(int permits) {
        working = new Semaphore(permits, true);
    }

    /** What runs inside: it may refuse the request. */
    @FunctionalInterface
    interface Job<T> {
        T run() throws Refused;
    }

    <T> T run(Job<T> job) throws Refused {
        try {
            if (!working.tryAcquire(MAX_WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new Refused(HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                        "busy: more predictions at once than this machine keeps up with; try again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "the server is stopping");
        }
        try {
            return job.run();
        } finally {
            working.release();
        }
    }
}
