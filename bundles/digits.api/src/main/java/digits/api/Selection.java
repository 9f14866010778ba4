package digits.api;

import digits.api.engine.Optimizer;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Which recognizer and which optimizer are active. It follows the services as they come and go:
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

    /** Every optimizer service present, the active one first. */
    List<Optimizer> optimizers();

    Optional<Optimizer> activeOptimizer();

    /** @throws IllegalArgumentException if no optimizer has that id */
    void useOptimizer(String id);

    void addListener(Listener listener);

    void removeListener(Listener listener);

    /** Told of every change, on the thread that caused it; return quickly. */
    @FunctionalInterface
    interface Listener {
        /** @param message what changed, for a status line, e.g. "ensemble went away; using cnn:default" */
        void selectionChanged(String message);
    }
}
