package digits.api;

import java.util.List;

/**
 * The result of evaluating a recognizer on a set of labelled images.
 *
 * @param recognizerId which recognizer was evaluated
 * @param dataset      the images' name, e.g. {@code mnist/test}
 * @param count        how many images
 * @param topK         {@code topK[k-1]} is the top-k accuracy for k = 1..5
 * @param precision    per class
 * @param recall       per class
 * @param f1           per class
 * @param confusion    {@code confusion[true][predicted]} counts; rows sum to each class's count
 * @param mistakes     misclassified images, most confident first
 * @param millis       how long the evaluation took
 * @param reliability  how well the confidences match the accuracy (ECE, NLL, reliability bins)
 * @param notADigit    how many of the images the recognizer called not a digit
 */
public record Evaluation(String recognizerId, String dataset, int count, double[] topK, double[] precision,
        double[] recall, double[] f1, int[][] confusion, List<Mistake> mistakes, long millis, Reliability reliability,
        int notADigit) {

    /** An evaluation without calibration figures. */
    public Evaluation(String recognizerId, String dataset, int count, double[] topK, double[] precision,
            double[] recall, double[] f1, int[][] confusion, List<Mistake> mistakes, long millis) {
        this(recognizerId, dataset, count, topK, precision, recall, f1, confusion, mistakes, millis, null, 0);
    }

    /** A misclassified image. */
    public record Mistake(int index, int label, int predicted, float confidence, GrayImage image) {}

    public double accuracy() {
        return topK[0];
    }

    public double top(int k) {
        return topK[k - 1];
    }

    public double macroPrecision() {
        return mean(precision);
    }

    public double macroRecall() {
        return mean(recall);
    }

    public double macroF1() {
        return mean(f1);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return v.length == 0 ? 0 : s / v.length;
    }
}
