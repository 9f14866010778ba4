package digits.api;

/**
 * A recognizer's answer and its runner-up for one input, each with its saliency map (see
 * {@link Explainer#saliency}).
 *
 * @param answer       the most probable class and its probability
 * @param answerMap    the ink that supports the answer, 28x28 in [0, 1]
 * @param runnerUp     the second most probable class and its probability
 * @param runnerUpMap  the ink that supports the runner-up
 */
public record Explanation(Prediction.Ranked answer, GrayImage answerMap, Prediction.Ranked runnerUp,
        GrayImage runnerUpMap) {}
