package digits.api;

import java.util.List;

/**
 * Several recognizers measured on the same labelled images: each one's evaluation, in the order
 * they were given, and the images on which their answers differ.
 *
 * @param dataset            the images' name, e.g. {@code mnist/test}
 * @param count              how many images
 * @param evaluations        one per recognizer, in the order they were compared
 * @param disagreementCount  on how many images the recognizers do not all give the same answer
 * @param disagreements      those images, in dataset order, at most as many as were asked for
 */
public record Comparison(String dataset, int count, List<Evaluation> evaluations, int disagreementCount,
        List<Disagreement> disagreements) {

    public Comparison {
        evaluations = List.copyOf(evaluations);
        disagreements = List.copyOf(disagreements);
    }

    /**
     * An image the recognizers answer differently.
     *
     * @param index   its index in the images compared
     * @param label   its true class
     * @param image   the image (28x28)
     * @param answers each recognizer's answer and its probability, in the order they were compared
     */
    public record Disagreement(int index, int label, GrayImage image, List<Prediction.Ranked> answers) {

        public Disagreement {
            answers = List.copyOf(answers);
        }

        /** Whether the {@code k}-th recognizer got it right. */
        public boolean right(int k) {
            return answers.get(k).label() == label;
        }
    }

    /** The ids of the recognizers, in the order they were compared. */
    public List<String> recognizerIds() {
        return evaluations.stream().map(Evaluation::recognizerId).toList();
    }

    /** On how many of the disagreements listed the {@code k}-th recognizer is right. */
    public int rightAmongDisagreements(int k) {
        return (int) disagreements.stream().filter(d -> d.right(k)).count();
    }
}
