package digits.ui.internal.draw;

import digits.api.DrawingStore;
import digits.api.Explainer;
import digits.api.GrayImage;
import digits.api.Prediction;
import digits.api.Preprocessor;
import digits.api.Recognizer;
import digits.api.Selection;
import digits.ui.internal.PresentationModel;
import digits.ui.internal.Services;
import digits.ui.internal.Status;
import digits.ui.internal.Ui;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What the Draw tab shows and does, without a widget: the live predictor (one worker thread
 * preprocesses and recognizes the drawing; requests coalesce, so while the worker is busy only
 * the newest drawing waits and a slow recognizer never builds a queue), the answer shown with
 * its confidence or "not a digit", the input the model saw, the saliency map of the answer or
 * the runner-up, and saving the drawing into the drawing store.
 *
 * <p>A drawing is given as a generation (bumped by the canvas on every change) and a supplier
 * of its ink (1 = ink, 0 = paper), called on the worker thread.
 */
public final class DrawModel extends PresentationModel {

    public static final String HINT = "Draw a digit";
    static final String NOT_A_DIGIT = "not a digit";
    /** The choices of "Show why": none, the answer's map, the runner-up's. */
    public static final List<String> WHY = List.of("off", "the answer", "the runner-up");
    static final int ROWS = 5;

    private record Job(long seq, long generation, Supplier<GrayImage> ink) {}

    private final Services services;
    private final Status status;
    private final ExecutorService worker = Ui.worker("digits-recognition");
    private final AtomicReference<Job> pending = new AtomicReference<>();
    private volatile long submitted;
    private volatile long delivered;
    private volatile long drawing = -1;
    private volatile long shownGeneration = -1;
    private volatile GrayImage input;
    private volatile Prediction prediction;
    private volatile String message = HINT;
    private volatile boolean problem;
    private volatile String timing = "";
    private volatile GrayImage saliency;
    private volatile GrayImage drawingSaliency;
    /** The ink of the drawing whose answer is shown, to lay its saliency map over it. */
    private volatile GrayImage shownInk;
    private volatile int why;

    /** @param status where saving reports, from the worker thread */
    public DrawModel(Services services, Status status) {
        this.services = services;
        this.status = status;
    }

    /** Asks for the answer for a generation of the drawing; {@code ink} is null for an empty canvas. */
    public void request(long generation, Supplier<GrayImage> ink) {
        drawing = generation;
        pending.set(new Job(++submitted, generation, ink));
        execute(this::drain);
    }

    /** Whether the answer shown is for the drawing last asked about, and nothing is asked still. */
    public boolean current() {
        return shownGeneration == drawing && delivered == submitted;
    }

    private void execute(Runnable task) {
        try {
            worker.execute(task);
        } catch (RejectedExecutionException e) {
            // the view is gone
        }
    }

    private void drain() {
        Job job = pending.getAndSet(null);
        if (job == null) {
            return; // a later drain took it: this request was coalesced into that one
        }
        recognize(job);
        delivered = Math.max(delivered, job.seq());
        if (prediction != null && why > 0) {
            explain();
        }
        changed();
    }

    /** On the worker: the answer for one generation, shown unless a newer one is shown already. */
    private void recognize(Job job) {
        if (job.generation() < shownGeneration) {
            return;
        }
        shownGeneration = job.generation();
        saliency = null;
        drawingSaliency = null;
        if (job.ink() == null) {
            showMessage(null, HINT, false, "");
            return;
        }
        Optional<Preprocessor> pre = services.preprocessor();
        if (pre.isEmpty()) {
            showMessage(null, "no preprocessor service is present", true, "");
            return;
        }
        long start = System.nanoTime();
        Optional<GrayImage> in;
        GrayImage ink;
        try {
            ink = job.ink().get();
            in = pre.get().toModelInput(ink);
        } catch (RuntimeException e) {
            showMessage(null, "preprocessing failed: " + Ui.message(e), true, "");
            return;
        }
        long preprocess = System.nanoTime() - start;
        String preprocessing = String.format(Locale.ROOT, "preprocessing %.1f ms", preprocess / 1e6);
        if (in.isEmpty()) {
            showMessage(null, HINT, false, ""); // everything was erased: as good as an empty canvas
            return;
        }
        Optional<Recognizer> recognizer = services.selection().flatMap(Selection::activeRecognizer);
        if (recognizer.isEmpty()) {
            showMessage(in.get(), services.selection().isEmpty() ? "no selection service" : "no recognizer is installed",
                    true, preprocessing);
            return;
        }
        Prediction p;
        try {
            p = recognizer.get().recognize(in.get());
        } catch (RuntimeException e) {
            showMessage(in.get(), recognizer.get().id() + " failed: " + Ui.message(e), true, preprocessing);
            return;
        }
        input = in.get();
        shownInk = ink;
        prediction = p;
        message = null;
        problem = false;
        timing = String.format(Locale.ROOT, "recognizer %s: %.2f ms\npreprocessing: %.1f ms", p.recognizerId(),
                p.latencyMillis(), preprocess / 1e6);
    }

    private void showMessage(GrayImage in, String text, boolean isProblem, String timingText) {
        input = in;
        prediction = null;
        message = text;
        problem = isProblem;
        timing = timingText;
    }

    /** Which map "Show why" lays over the input: an index into {@link #WHY}. */
    public void setWhy(int choice) {
        why = Math.max(0, choice);
        saliency = null;
        drawingSaliency = null;
        changed();
        if (why > 0) {
            execute(() -> {
                explain();
                changed();
            });
        }
    }

    /** On the worker: the saliency map of the chosen class for the input shown. */
    private void explain() {
        GrayImage in = input;
        Prediction p = prediction;
        int choice = why;
        Optional<Explainer> explainer = services.explainer();
        Optional<Recognizer> recognizer = services.selection().flatMap(Selection::activeRecognizer);
        if (choice <= 0 || in == null || p == null || explainer.isEmpty() || recognizer.isEmpty()) {
            return;
        }
        try {
            GrayImage map = explainer.get().saliency(recognizer.get(), in, p.top(2).get(choice == 1 ? 0 : 1).label());
            if (in == input && choice == why) {
                GrayImage ink = shownInk;
                drawingSaliency = ink == null ? null : CanvasSaliency.onDrawing(map, in, ink);
                saliency = map;
            }
        } catch (RuntimeException e) {
            status.problem("no saliency map: " + Ui.message(e));
        }
    }

    /** The 28x28 input the model saw, or null. */
    public GrayImage input() {
        return input;
    }

    /** The answer shown, or null while a hint or a problem is shown instead. */
    public Prediction prediction() {
        return prediction;
    }

    /** The hint or the problem shown instead of an answer; null while an answer is shown. */
    public String message() {
        return message;
    }

    public boolean isProblem() {
        return problem;
    }

    /** How long the recognizer and the preprocessor took. */
    public String timing() {
        return timing;
    }

    /** The saliency map laid over the input, or null. */
    public GrayImage saliency() {
        return saliency;
    }

    /** The saliency map laid back over the drawing, at the drawing's size, or null. */
    public GrayImage drawingSaliency() {
        return drawingSaliency;
    }

    /** The digit shown, {@code "not a digit"}, or empty when no answer is shown. */
    public String digitText() {
        Prediction p = prediction;
        return p == null ? "" : p.notADigit() ? NOT_A_DIGIT : Integer.toString(p.best().label());
    }

    /**
     * The answer in words: {@code "Answer: 7, confidence 99.12%, by cnn:default. Top five: 7
     * 99.12%, 1 0.50%, ..."}, {@code "Answer: not a digit, ..."}, or the hint or problem.
     */
    public String description() {
        Prediction p = prediction;
        if (p == null) {
            return message;
        }
        Prediction.Ranked best = p.best();
        String top = p.top(ROWS).stream().map(r -> r.label() + " " + Ui.percent(r.probability()))
                .collect(Collectors.joining(", "));
        return "Answer: " + (p.notADigit() ? NOT_A_DIGIT : best.label() + ", confidence " + Ui.percent(best.probability()))
                + ", by " + p.recognizerId() + ". Top five: " + top + ".";
    }

    /** Whether the drawing can be saved: the drawing store and a preprocessor are present. */
    public Optional<DrawingStore> drawingStore() {
        return services.drawings();
    }

    /**
     * Saves the drawing under {@code label}: preprocessed and stored on the worker thread, after
     * the answers asked for before; {@code saved} runs there once it is stored.
     */
    public void save(int label, Supplier<GrayImage> ink, Runnable saved) {
        Optional<DrawingStore> sink = services.drawings();
        Optional<Preprocessor> pre = services.preprocessor();
        if (sink.isEmpty() || pre.isEmpty()) {
            return;
        }
        execute(() -> {
            try {
                Optional<GrayImage> in = pre.get().toModelInput(ink.get());
                if (in.isEmpty()) {
                    status.error("Save drawing", "nothing to save: the canvas has no ink");
                    return;
                }
                Path file = sink.get().save(in.get(), label);
                status.message("saved a " + label + " as " + file + " (" + sink.get().count() + " drawings)");
                saved.run();
            } catch (Exception e) {
                status.error("Save drawing", "could not save the drawing: " + Ui.message(e));
            }
        });
    }

    /** Stops the worker: the view is gone. */
    public void dispose() {
        worker.shutdownNow();
    }
}
