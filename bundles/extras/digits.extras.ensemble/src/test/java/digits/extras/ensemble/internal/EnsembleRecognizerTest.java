package digits.extras.ensemble.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.GrayImage;
import digits.api.Prediction;
import digits.api.Recognizer;
import org.junit.jupiter.api.Test;

class EnsembleRecognizerTest {

    private static final GrayImage BLANK = new GrayImage(28, 28, new float[784]);

    /** Always answers the same probabilities. */
    private record Fixed(String id, float[] p) implements Recognizer {
        @Override
        public String description() {
            return id;
        }

        @Override
        public Prediction recognize(GrayImage input) {
            return new Prediction(p, id, 1);
        }
    }

    private static float[] oneHot(int label) {
        float[] p = new float[10];
        p[label] = 1;
        return p;
    }

    @Test
    void averagesTheOthersAndFollowsThemAsTheyComeAndGo() {
        EnsembleRecognizer ensemble = new EnsembleRecognizer();
        Fixed three = new Fixed("a", oneHot(3));
        Fixed seven = new Fixed("b", oneHot(7));
        ensemble.addMember(three);
        ensemble.addMember(seven);
        Prediction p = ensemble.recognize(BLANK);
        assertEquals("ensemble", p.recognizerId());
        assertEquals(0.5f, p.probabilities()[3], 1e-6);
        assertEquals(0.5f, p.probabilities()[7], 1e-6);
        assertTrue(ensemble.description().contains("2 recognizers: a, b"), ensemble.description());

        ensemble.removeMember(seven);
        assertArrayEquals(oneHot(3), ensemble.recognize(BLANK).probabilities(), 1e-6f);
    }

    @Test
    void skipsItselfAndOtherEnsembles() {
        EnsembleRecognizer ensemble = new EnsembleRecognizer();
        ensemble.addMember(ensemble);
        ensemble.addMember(new Fixed("ensemble", oneHot(1)));
        ensemble.addMember(new Fixed("knn", oneHot(2)));
        assertArrayEquals(oneHot(2), ensemble.recognize(BLANK).probabilities(), 1e-6f);
    }

    @Test
    void withNothingToAverageItSaysSo() {
        EnsembleRecognizer ensemble = new EnsembleRecognizer();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ensemble.recognize(BLANK));
        assertTrue(e.getMessage().contains("no other recognizer is present"), e.getMessage());
    }

    @Test
    void aFailingMemberIsLeftOutAndTheOthersStillAnswer() {
        EnsembleRecognizer ensemble = new EnsembleRecognizer();
        ensemble.addMember(new Fixed("good", oneHot(4)));
        ensemble.addMember(new Recognizer() {
            public String id() {
                return "broken";
            }

            public String description() {
                return "broken";
            }

            public Prediction recognize(GrayImage input) {
                throw new IllegalStateException("model file gone");
            }
        });
        assertArrayEquals(oneHot(4), ensemble.recognize(BLANK).probabilities(), 1e-6f);
    }
}
