package digits.api;

import java.util.ArrayList;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Turns a 28x28 model input into class probabilities. Implementations are services; the workbench
 * lists every one present and lets the user pick the active one. Implementations must be safe
 * under concurrent calls (the UI, the shell and the web server call at once).
 */
@ConsumerType
public interface Recognizer {

    /** Service property naming the recognizer's id, so consumers can filter without a call. */
    String ID_PROPERTY = "digits.recognizer.id";

    /** A short stable identifier, e.g. {@code cnn}. */
    String id();

    /** One line a person can read: what it is and, where known, how accurate. */
    String description();

    /**
     * Recognizes one input.
     *
     * @param input a 28x28 image, ink 1.0 on background 0.0, as a {@link Preprocessor} makes it
     * @throws IllegalArgumentException if the input is not 28x28
     */
    Prediction recognize(GrayImage input);

    /** Recognizes many inputs; implementations override this when batching is faster. */
    default List<Prediction> recognizeAll(List<GrayImage> inputs) {
        List<Prediction> out = new ArrayList<>(inputs.size());
        for (GrayImage in : inputs) {
            out.add(recognize(in));
        }
        return out;
    }
}
