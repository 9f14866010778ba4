package digits.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.Comparison;
import digits.api.GrayImage;
import digits.api.LabelledImages;
import digits.api.Prediction;
import digits.api.Recognizer;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

class RecognizerEvaluatorTest {

    /** Images that carry their class as the ink of their first pixel (class c: c * 20 of 255). */
    static LabelledImages images(int n) {
        byte[] pixels = new byte[n * 784];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 10);
            pixels[i * 784] = (byte) (20 * (i % 10));
        }
        return new LabelledImages("coded", 28, 28, pixels, labels);
    }

    /** Reads the class from the first pixel, then answers {@code answer(class)}, 90% sure. */
    record Reader(String id, IntUnaryOperator answer) implements Recognizer {
        @Override
        public String description() {
            return id;
        }

        @Override
        public Prediction recognize(GrayImage input) {
            int c = Math.round(input.at(0, 0) * 255 / 20);
            float[] p = new float[10];
            java.util.Arrays.fill(p, 0.1f / 9);
            p[answer.applyAsInt(c)] = 0.9f;
            return new Prediction(p, id, 0);
        }
    }

    @Test
    void comparingListsTheImagesWhereTheAnswersDifferWithEachAnswer() {
        Recognizer right = new Reader("right", c -> c);
        Recognizer threesAreEights = new Reader("threes", c -> c == 3 ? 8 : c);
        Comparison c = new RecognizerEvaluator().compare(List.of(right, threesAreEights), images(200), 5);

        assertEquals(List.of("right", "threes"), c.recognizerIds());
        assertEquals(200, c.count());
        assertEquals(1.0, c.evaluations().get(0).accuracy(), 1e-9);
        assertEquals(0.9, c.evaluations().get(1).accuracy(), 1e-9);
        assertEquals(20, c.disagreementCount(), "every three, and nothing else");
        assertEquals(5, c.disagreements().size(), "as many as asked for");
        Comparison.Disagreement first = c.disagreements().get(0);
        assertEquals(3, first.index());
        assertEquals(3, first.label());
        assertEquals(List.of(new Prediction.Ranked(3, 0.9f), new Prediction.Ranked(8, 0.9f)), first.answers());
        assertTrue(first.right(0));
        assertFalse(first.right(1));
        assertEquals(List.of(3, 13, 23, 33, 43), c.disagreements().stream().map(Comparison.Disagreement::index).toList());
        assertEquals(5, c.rightAmongDisagreements(0));
        assertEquals(0, c.rightAmongDisagreements(1));
    }

    @Test
    void twoRecognizersThatAgreeHaveNoDisagreements() {
        Comparison c = new RecognizerEvaluator().compare(List.of(new Reader("a", x -> x), new Reader("b", x -> x)),
                images(50), 100);
        assertEquals(0, c.disagreementCount());
        assertEquals(List.of(), c.disagreements());
    }

    @Test
    void oneRecognizerIsNoComparison() {
        assertThrows(IllegalArgumentException.class,
                () -> new RecognizerEvaluator().compare(List.of(new Reader("a", x -> x)), images(10), 10));
    }
}
