package digits.api;

import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Turns an arbitrary grayscale image (a canvas of any size, a PNG) into the 28x28 input a
 * recognizer takes. One preprocessor serves training, evaluation and the canvas alike.
 */
@ConsumerType
public interface Preprocessor {

    /** A short stable identifier, e.g. {@code mnist}. */
    String id();

    /** One line describing the method. */
    String description();

    /**
     * Makes the model input.
     *
     * @param image ink 1.0 on background 0.0, any size
     * @return the 28x28 input, or empty when the image holds no ink (an empty drawing is never guessed)
     */
    Optional<GrayImage> toModelInput(GrayImage image);
}
