package digits.api;

import org.osgi.annotation.versioning.ProviderType;

/** Shows what in an input made a recognizer answer as it did (a saliency map). */
@ProviderType
public interface Explainer {

    /** The method, e.g. {@code occlusion}. */
    String method();

    /**
     * A map of how much each pixel of the input supports {@code label}: a 28x28 image in [0, 1],
     * 1 for the strongest evidence, 0 for none or evidence against.
     *
     * @param input a 28x28 model input
     */
    GrayImage saliency(Recognizer recognizer, GrayImage input, int label);
}
