package digits.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.Augmentation;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AugmenterTest {

    private static final Augmentation ELASTIC = new Augmentation(2, 12, 0.10, true);

    private final float[] seven = Shapes.seven().pixels();
    private final float[] ring = Shapes.ring().pixels();

    @Test
    void theSameSeedGivesTheSameImages() {
        for (Augmentation a : new Augmentation[] {Augmentation.STANDARD, ELASTIC}) {
            Augmenter first = new Augmenter(a, 42);
            Augmenter second = new Augmenter(a, 42);
            for (float[] image : new float[][] {seven, ring, seven}) {
                float[] x = new float[784];
                float[] y = new float[784];
                first.augment(image, x);
                second.augment(image, y);
                assertArrayEquals(x, y, a.toString());
            }
        }
    }

    @Test
    void differentSeedsGiveDifferentImages() {
        float[] x = new float[784];
        float[] y = new float[784];
        new Augmenter(ELASTIC, 1).augment(seven, x);
        new Augmenter(ELASTIC, 2).augment(seven, y);
        assertFalse(Arrays.equals(x, y));
    }

    @Test
    void successiveImagesGetDifferentDistortions() {
        Augmenter augmenter = new Augmenter(Augmentation.STANDARD, 3);
        float[] x = new float[784];
        float[] y = new float[784];
        augmenter.augment(seven, x);
        augmenter.augment(seven, y);
        assertFalse(Arrays.equals(x, y));
    }

    @Test
    void anAffineDistortionKeepsTheInkMassWithinAQuarter() {
        // Scaling by up to 10% changes the area by up to 21%; rotation and shift move ink
        // without creating or destroying it (measured 0.80..1.21 over 2,000 images).
        Augmenter augmenter = new Augmenter(Augmentation.STANDARD, 5);
        float[] out = new float[784];
        for (float[] image : new float[][] {seven, ring}) {
            double mass = Shapes.mass(image);
            for (int i = 0; i < 200; i++) {
                augmenter.augment(image, out);
                assertEquals(mass, Shapes.mass(out), 0.25 * mass, "image " + i);
                assertValuesInRange(out);
            }
        }
    }

    @Test
    void anElasticDistortionKeepsTheInkMassOnAverage() {
        // Simard's field (sigma 4, alpha 34) stretches and squeezes strokes locally, so one
        // image's ink may change by half (measured 0.54..1.82 with the affine part); on average
        // it neither gains nor loses (measured mean 0.99..1.00).
        Augmenter augmenter = new Augmenter(ELASTIC, 5);
        float[] out = new float[784];
        for (float[] image : new float[][] {seven, ring}) {
            double mass = Shapes.mass(image);
            double sum = 0;
            int n = 400;
            for (int i = 0; i < n; i++) {
                augmenter.augment(image, out);
                double ratio = Shapes.mass(out) / mass;
                assertTrue(ratio > 0.4 && ratio < 2.2, "image " + i + ": " + ratio);
                assertValuesInRange(out);
                sum += ratio;
            }
            assertEquals(1, sum / n, 0.05, "mean ink ratio");
        }
    }

    private static void assertValuesInRange(float[] image) {
        for (float v : image) {
            assertTrue(v >= 0 && v <= 1.000001f, "value " + v);
        }
    }

    @Test
    void noAugmentationIsTheIdentity() {
        for (Augmentation a : new Augmentation[] {Augmentation.NONE, new Augmentation(0, 0, 0, false)}) {
            float[] out = new float[784];
            new Augmenter(a, 9).augment(seven, out);
            assertArrayEquals(seven, out);
            float[] batch = new float[3 * 784];
            System.arraycopy(seven, 0, batch, 784, 784);
            float[] before = batch.clone();
            new Augmenter(a, 9).augmentBatch(batch, 3);
            assertArrayEquals(before, batch);
        }
    }

    @Test
    void aShiftAloneMovesTheDigitByWholePixelsWithoutBlurringIt() {
        Augmenter augmenter = new Augmenter(new Augmentation(2, 0, 0, false), 11);
        float[] out = new float[784];
        for (int i = 0; i < 20; i++) {
            augmenter.augment(seven, out);
            assertTrue(isWholePixelShift(seven, out), "image " + i);
        }
    }

    @Test
    void elasticDistortionChangesTheShape() {
        float[] affine = new float[784];
        float[] elastic = new float[784];
        new Augmenter(new Augmentation(0, 0, 0, true), 13).augment(seven, elastic);
        new Augmenter(Augmentation.NONE, 13).augment(seven, affine);
        double diff = Shapes.meanAbsDifference(affine, elastic);
        assertTrue(diff > 0.005 && diff < 0.1, "noticeable but not destructive: " + diff);
    }

    @Test
    void aBatchIsAugmentedInPlaceLikeImageByImage() {
        float[] batch = new float[4 * 784];
        float[][] images = {seven, ring, ring, seven};
        for (int i = 0; i < 4; i++) {
            System.arraycopy(images[i], 0, batch, i * 784, 784);
        }
        new Augmenter(ELASTIC, 17).augmentBatch(batch, 4);
        Augmenter single = new Augmenter(ELASTIC, 17);
        for (int i = 0; i < 4; i++) {
            float[] out = new float[784];
            single.augment(images[i], out);
            assertArrayEquals(out, Arrays.copyOfRange(batch, i * 784, (i + 1) * 784), "image " + i);
        }
    }

    @Test
    void splitAugmentersAreReproducibleToo() {
        float[] x = new float[784];
        float[] y = new float[784];
        new Augmenter(ELASTIC, 21).split().augment(seven, x);
        new Augmenter(ELASTIC, 21).split().augment(seven, y);
        assertArrayEquals(x, y);
    }

    @Test
    void wrongSizesAreRefused() {
        Augmenter augmenter = new Augmenter(Augmentation.STANDARD, 1);
        assertThrows(IllegalArgumentException.class, () -> augmenter.augment(new float[100], new float[784]));
        assertThrows(IllegalArgumentException.class, () -> augmenter.augmentBatch(new float[784], 2));
        assertThrows(IllegalArgumentException.class, () -> new Augmenter(new Augmentation(-1, 0, 0, false), 1));
    }

    private static boolean isWholePixelShift(float[] src, float[] out) {
        for (int dy = -2; dy <= 2; dy++) {
            for (int dx = -2; dx <= 2; dx++) {
                boolean same = true;
                for (int y = 0; y < 28 && same; y++) {
                    for (int x = 0; x < 28 && same; x++) {
                        int sx = x - dx;
                        int sy = y - dy;
                        float v = sx < 0 || sy < 0 || sx >= 28 || sy >= 28 ? 0 : src[sy * 28 + sx];
                        same = v == out[y * 28 + x];
                    }
                }
                if (same) {
                    return true;
                }
            }
        }
        return false;
    }
}
