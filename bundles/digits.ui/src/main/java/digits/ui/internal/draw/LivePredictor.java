package digits.ui.internal.draw;

import digits.api.GrayImage;
import digits.api.Prediction;
import digits.api.Preprocessor;
import digits.api.Recognizer;
import digits.api.Selection;
import digits.ui.internal.Services;
import digits.ui.internal.Ui;
import digits.ui.internal.widgets.Pixels;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.eclipse.swt.graphics.ImageData;

/**
 * Recognizes the drawing while it is drawn. The UI thread takes a snapshot of the canvas at most
 * every {@value #INTERVAL_MS} ms while a stroke grows, and at once when one ends; one worker
 * thread preprocesses and recognizes it. Requests coalesce: while the worker is busy only the
 * newest snapshot waits, so a slow recognizer never builds a queue and the answer shown is
 * always for a recent drawing.
 */
final class LivePredictor {

    static final int INTERVAL_MS = 60;

    /**
     * What the worker found for one generation of the drawing.
     *
     * @param input      the 28x28 model input; null when the canvas holds no ink
     * @param prediction null when there is no input or it could not be recognized
     * @param problem    why there is no prediction, when there is ink; else null
     */
    record Result(long generation, GrayImage input, Prediction prediction, String problem, String preprocessorId,
            long preprocessNanos) {}

    private record Job(long seq, long generation, ImageData picture) {}

    private final Services services;
    private final DrawingCanvas canvas;
    private final Consumer<Result> onResult;
    private final ExecutorService worker = Ui.worker("digits-recognition");
    private final AtomicReference<Job> pending = new AtomicReference<>();
    private long lastSubmit;
    private boolean timerPending;
    private long submitted;
    private long delivered;

    /** @param onResult called on the UI thread */
    LivePredictor(Services services, DrawingCanvas canvas, Consumer<Result> onResult) {
        this.services = services;
        this.canvas = canvas;
        this.onResult = onResult;
        canvas.control().addDisposeListener(e -> worker.shutdownNow());
    }

    /** Asks for a prediction of the drawing as it is; on the UI thread. */
    void request(boolean now) {
        long elapsed = System.currentTimeMillis() - lastSubmit;
        if (now || elapsed >= INTERVAL_MS) {
            submit();
        } else if (!timerPending) {
            timerPending = true;
            canvas.control().getDisplay().timerExec((int) (INTERVAL_MS - elapsed), () -> {
                timerPending = false;
                if (!canvas.control().isDisposed()) {
                    submit();
                }
            });
        }
    }

    /** Whether every snapshot asked for has been answered; UI thread. */
    boolean idle() {
        return !timerPending && delivered == submitted;
    }

    /** Runs a task on the recognition thread, after the predictions asked for before it. */
    void execute(Runnable task) {
        try {
            worker.execute(task);
        } catch (RejectedExecutionException e) {
            // the view is gone
        }
    }

    private void submit() {
        lastSubmit = System.currentTimeMillis();
        pending.set(new Job(++submitted, canvas.generation(), canvas.isEmpty() ? null : canvas.snapshot()));
        execute(this::drain);
    }

    private void drain() {
        Job job = pending.getAndSet(null);
        if (job == null) {
            return; // a later drain took it: this request was coalesced into that one
        }
        Result r = recognize(job);
        Ui.async(canvas.control(), () -> {
            delivered = Math.max(delivered, job.seq());
            onResult.accept(r);
        });
    }

    private Result recognize(Job job) {
        if (job.picture() == null) {
            return new Result(job.generation(), null, null, null, "", 0);
        }
        Optional<Preprocessor> pre = services.preprocessor();
        if (pre.isEmpty()) {
            return new Result(job.generation(), null, null, "no preprocessor service is present", "", 0);
        }
        long start = System.nanoTime();
        Optional<GrayImage> input;
        try {
            input = pre.get().toModelInput(Pixels.inkOf(job.picture()));
        } catch (RuntimeException e) {
            return new Result(job.generation(), null, null, "preprocessing failed: " + Ui.message(e), pre.get().id(), 0);
        }
        long preprocess = System.nanoTime() - start;
        if (input.isEmpty()) {
            // everything was erased: as good as an empty canvas
            return new Result(job.generation(), null, null, null, pre.get().id(), preprocess);
        }
        Optional<Recognizer> recognizer = services.selection().flatMap(Selection::activeRecognizer);
        if (recognizer.isEmpty()) {
            String why = services.selection().isEmpty() ? "no selection service" : "no recognizer is installed";
            return new Result(job.generation(), input.get(), null, why, pre.get().id(), preprocess);
        }
        try {
            return new Result(job.generation(), input.get(), recognizer.get().recognize(input.get()), null,
                    pre.get().id(), preprocess);
        } catch (RuntimeException e) {
            return new Result(job.generation(), input.get(), null,
                    recognizer.get().id() + " failed: " + Ui.message(e), pre.get().id(), preprocess);
        }
    }
}
