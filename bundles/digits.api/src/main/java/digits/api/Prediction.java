package digits.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * What a recognizer answers for one input: a probability per class (ten for digits), which
 * recognizer answered, how long it took, and whether the input looks like no digit at all.
 *
 * @param notADigit true when the recognizer judges the input out of distribution (a letter, a
 *                  scribble, a picture): the probabilities are then the closest guess, not an answer
 */
public record Prediction(float[] probabilities, String recognizerId, long latencyNanos, boolean notADigit) {

    /** One class and its probability. */
    public record Ranked(int label, float probability) {}

    public Prediction {
        probabilities = probabilities.clone();
    }

    /** An answer from a recognizer that does not judge whether its input is a digit. */
    public Prediction(float[] probabilities, String recognizerId, long latencyNanos) {
        this(probabilities, recognizerId, latencyNanos, false);
    }

    @Override
    public float[] probabilities() {
        return probabilities.clone();
    }

    /** The k most probable classes, most probable first. */
    public List<Ranked> top(int k) {
        List<Ranked> all = new ArrayList<>(probabilities.length);
        for (int i = 0; i < probabilities.length; i++) {
            all.add(new Ranked(i, probabilities[i]));
        }
        all.sort(Comparator.comparingDouble(Ranked::probability).reversed());
        return List.copyOf(all.subList(0, Math.min(k, all.size())));
    }

    /** The most probable class. */
    public Ranked best() {
        return top(1).get(0);
    }

    public double latencyMillis() {
        return latencyNanos / 1e6;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Prediction p && Arrays.equals(p.probabilities, probabilities)
                && p.recognizerId.equals(recognizerId) && p.latencyNanos == latencyNanos && p.notADigit == notADigit;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(probabilities) * 31 + recognizerId.hashCode();
    }

    @Override
    public String toString() {
        return "Prediction[" + best() + (notADigit ? ", not a digit" : "") + " by " + recognizerId + " in "
                + latencyMillis() + " ms]";
    }
}
