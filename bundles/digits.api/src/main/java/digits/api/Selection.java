package digits.api;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Which recognizer, optimizer and preprocessor are active. It follows the services as they come and go:
 * a new one is listed at once; when the active one goes away, the selection falls back to the
 * configured one, else the highest-ranked, and tells its listeners why.
 */
@ProviderType
public interface Selection {

    /** Every recognizer service present, the active one first. */
    List<Recognizer> recognizers();

    Optional<Recognizer> activeRecognizer();

    /**
     * Makes a recognizer the active one.
     *
     * @throws IllegalArgumentException if no recognizer has that id; the message lists those present
     */
    void useRecognizer(String id);

    /** Every optimizer service present, the active one first, as descriptions (the updaters stay in the engine). */
    List<OptimizerDescription> optimizers();

    Optional<OptimizerDescription> activeOptimizer();

    /** @throws IllegalArgumentException if no optimizer has that id */
    void useOptimizer(String id);

    /** Every preprocessor service present, the active one first. */
    List<Preprocessor> preprocessors();

    /**
     * The preprocessor every client uses for images from outside (the canvas, a PNG, the web):
     * the configured one (the MNIST recipe, {@code mnist}), else the highest-ranked.
     */
    Optional<Preprocessor> activePreprocessor();

    void addListener(Listener listener);

    void removeListener(Listener listener);

    /** Told of every change, on the thread that caused it; return quickly. */
    @FunctionalInterface
    interface Listener {
        /** @param message what changed, for a status line, e.g. "ensemble went away; using cnn:default" */
        void selectionChanged(String message);
    }
}
