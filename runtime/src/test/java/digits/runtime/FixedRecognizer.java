package digits.runtime;

import digits.api.GrayImage;
import digits.api.Prediction;
import digits.api.Recognizer;

/**
 * A recognizer that needs no model: the same probabilities for every 28x28 input. Enough to
 * register, select and swap in a test.
 */
final class FixedRecognizer implements Recognizer {

    private final String id;
    private final String description;
    private final float[] probabilities;

    FixedRecognizer(String id, String description, float[] probabilities) {
        this.id = id;
        this.description = description;
        this.probabilities = probabilities.clone();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Prediction recognize(GrayImage input) {
        if (!input.isModelInput()) {
            throw new IllegalArgumentException("not 28x28: " + input);
        }
        return new Prediction(probabilities.clone(), id, 1000);
    }
}
