package digits.api;

import org.osgi.annotation.versioning.ProviderType;

/** Measures a recognizer on labelled images. */
@ProviderType
public interface Evaluator {

    /**
     * Evaluates the recognizer on every image.
     *
     * @param images      28x28 images with labels
     * @param maxMistakes how many misclassified images to keep (most confident first)
     */
    Evaluation evaluate(Recognizer recognizer, LabelledImages images, int maxMistakes);
}
