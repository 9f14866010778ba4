package digits.engine.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Counts worked out by hand on a few images of three classes. */
class MetricsTest {

    @Test
    void aTieIsNotATopOneHitWhenTheConfusionMatrixPredictsTheOtherClass() {
        // one image of class 1 whose probabilities tie between 0 and 1: the matrix predicts 0
        Metrics m = new Metrics(new float[] {0.5f, 0.5f, 0f}, new int[] {1}, 3);
        assertEquals(1, m.confusion[1][0], "the first maximum is the predicted class");
        assertEquals(0.0, m.topK[0], "top-1 agrees with the matrix: a miss");
        assertEquals(1.0, m.topK[1], "the true class is second");
    }

    @Test
    void aTieWithTheTrueClassFirstIsAHit() {
        Metrics m = new Metrics(new float[] {0.5f, 0.5f, 0f}, new int[] {0}, 3);
        assertEquals(1, m.confusion[0][0]);
        assertEquals(1.0, m.topK[0]);
    }

    @Test
    void topOneAccuracyIsTheConfusionMatrixDiagonal() {
        float[] probs = {
            0.4f, 0.4f, 0.2f, // label 0 (tie, first max 0: hit)
            0.3f, 0.3f, 0.4f, // label 1 (predicted 2)
            0.2f, 0.2f, 0.2f, // label 2 (all tied: predicted 0)
            0.1f, 0.1f, 0.8f, // label 2 (hit)
        };
        Metrics m = new Metrics(probs, new int[] {0, 1, 2, 2}, 3);
        int diagonal = 0;
        for (int c = 0; c < 3; c++) {
            diagonal += m.confusion[c][c];
        }
        assertEquals(diagonal / 4.0, m.topK[0], 1e-12);
        assertEquals(0.5, m.topK[0], 1e-12);
    }

    @Test
    void precisionRecallAndF1PerClass() {
        // labels 0 0 0 1 1 2; predicted 0 0 1 1 2 2 (one-hot probabilities)
        int[] predicted = {0, 0, 1, 1, 2, 2};
        int[] labels = {0, 0, 0, 1, 1, 2};
        float[] probs = new float[18];
        for (int i = 0; i < 6; i++) {
            probs[3 * i + predicted[i]] = 1f;
        }
        Metrics m = new Metrics(probs, labels, 3);
        assertArrayEquals(new int[][] {{2, 1, 0}, {0, 1, 1}, {0, 0, 1}}, m.confusion);
        // class 0: tp 2 of 2 predicted, of 3 actual; class 1: 1 of 2, of 2; class 2: 1 of 2, of 1
        assertArrayEquals(new double[] {1.0, 0.5, 0.5}, m.precision, 1e-12);
        assertArrayEquals(new double[] {2 / 3.0, 0.5, 1.0}, m.recall, 1e-12);
        assertArrayEquals(new double[] {0.8, 0.5, 2 / 3.0}, m.f1, 1e-12);
        assertEquals(4 / 6.0, m.topK[0], 1e-12);
        assertEquals((1.0 + 0.5 + 0.5) / 3, Metrics.mean(m.precision), 1e-12);
    }

    @Test
    void aClassNeverPredictedHasPrecisionZeroNotNaN() {
        Metrics m = new Metrics(new float[] {1f, 0f, 1f, 0f}, new int[] {0, 1}, 2);
        assertEquals(0.0, m.precision[1]);
        assertEquals(0.0, m.recall[1]);
        assertEquals(0.0, m.f1[1]);
    }

    @Test
    void lossIsTheMeanCrossEntropyOfTheTrueClass() {
        Metrics m = new Metrics(new float[] {0.25f, 0.75f, 0.5f, 0.5f}, new int[] {1, 0}, 2);
        assertEquals(-(Math.log(0.75) + Math.log(0.5)) / 2, m.loss, 1e-6);
    }
}
