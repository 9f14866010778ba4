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

    /**
     * Why the recognizer gave its answer, and what spoke for its runner-up: the maps of its two
     * most probable classes (for a mistake, the runner-up is often the true digit).
     *
     * @param input a 28x28 model input
     */
    default Explanation explainTopTwo(Recognizer recognizer, GrayImage input) {
        java.util.List<Prediction.Ranked> top = recognizer.recognize(input).top(2);
        return new Explanation(top.get(0), saliency(recognizer, input, top.get(0).label()), top.get(1),
                saliency(recognizer, input, top.get(1).label()));
    }
}
