package digits.api;

import java.util.List;
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

    /**
     * Evaluates several recognizers on the same images, each as {@link #evaluate} does, and
     * finds the images on which their answers differ.
     *
     * @param recognizers      two or more
     * @param maxDisagreements how many of the images they disagree on to keep (in dataset order)
     * @throws IllegalArgumentException with fewer than two recognizers
     */
    Comparison compare(List<Recognizer> recognizers, LabelledImages images, int maxDisagreements);
}
