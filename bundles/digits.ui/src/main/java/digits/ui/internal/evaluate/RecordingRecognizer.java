package digits.ui.internal.evaluate;

import digits.api.GrayImage;
import digits.api.Prediction;
import digits.api.Recognizer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A recognizer that remembers what it answered for each image, so that a click on a cell of the
 * confusion matrix can show the images behind it. The evaluator's result has counts only;
 * keeping the answers here costs nothing extra, whereas recognizing the images again would.
 * Answers are kept by image content, so the order in which an evaluator asks does not matter.
 */
final class RecordingRecognizer implements Recognizer {

    private final Recognizer delegate;
    private final Map<GrayImage, Prediction> answers = new ConcurrentHashMap<>();

    RecordingRecognizer(Recognizer delegate) {
        this.delegate = delegate;
    }

    @Override
    public String id() {
        return delegate.id();
    }

    @Override
    public String description() {
        return delegate.description();
    }

    @Override
    public Prediction recognize(GrayImage input) {
        Prediction p = delegate.recognize(input);
        answers.put(input, p);
        return p;
    }

    @Override
    public List<Prediction> recognizeAll(List<GrayImage> inputs) {
        List<Prediction> out = delegate.recognizeAll(inputs);
        for (int i = 0; i < out.size(); i++) {
            answers.put(inputs.get(i), out.get(i));
        }
        return out;
    }

    /** The answer given for this image, or null. */
    Prediction answerFor(GrayImage image) {
        return answers.get(image);
    }
}
