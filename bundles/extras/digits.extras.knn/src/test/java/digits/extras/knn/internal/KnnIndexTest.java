package digits.extras.knn.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.GrayImage;
import digits.api.LabelledImages;
import org.junit.jupiter.api.Test;

class KnnIndexTest {

    /** Ten images per class: class c is a bar of ink at rows 2c..2c+3, with a little noise. */
    static LabelledImages bars() {
        int n = 100;
        byte[] pixels = new byte[n * 784];
        byte[] labels = new byte[n];
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        for (int i = 0; i < n; i++) {
            int c = i % 10;
            labels[i] = (byte) c;
            for (int y = 2 * c; y < 2 * c + 4; y++) {
                for (int x = 4; x < 24; x++) {
                    pixels[i * 784 + y * 28 + x] = (byte) (200 + random.nextInt(56));
                }
            }
        }
        return new LabelledImages("bars", 28, 28, pixels, labels);
    }

    static GrayImage bar(int c) {
        float[] p = new float[784];
        for (int y = 2 * c; y < 2 * c + 4; y++) {
            for (int x = 4; x < 24; x++) {
                p[y * 28 + x] = 0.9f;
            }
        }
        return new GrayImage(28, 28, p);
    }

    @Test
    void theNeighboursVoteAndTheProbabilitiesSumToOne() {
        KnnIndex index = KnnIndex.of(bars(), 20_000, 10, 4);
        assertEquals(100, index.size());
        for (int c = 0; c < 10; c++) {
            float[] p = index.probabilities(bar(c));
            double sum = 0;
            int best = 0;
            for (int i = 0; i < 10; i++) {
                sum += p[i];
                best = p[i] > p[best] ? i : best;
            }
            assertEquals(1.0, sum, 1e-5);
            assertEquals(c, best);
            assertTrue(p[c] > 0.95, "all four neighbours agree: " + p[c]);
            assertTrue(p[(c + 5) % 10] > 0, "smoothing leaves no class at zero");
        }
    }

    @Test
    void onlyTheFirstImagesUpToTheLimitAreKept() {
        assertEquals(30, KnnIndex.of(bars(), 30, 10, 4).size());
    }

    @Test
    void refusesWhatIsNotAModelInput() {
        KnnIndex index = KnnIndex.of(bars(), 100, 10, 3);
        assertThrows(IllegalArgumentException.class, () -> index.probabilities(new GrayImage(10, 10, new float[100])));
    }
}
