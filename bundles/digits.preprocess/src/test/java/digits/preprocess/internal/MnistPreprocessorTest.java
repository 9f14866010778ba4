package digits.preprocess.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.GrayImage;
import digits.preprocess.Images;
import digits.preprocess.Shapes;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MnistPreprocessorTest {

    private final MnistPreprocessor recipe = new MnistPreprocessor();

    private GrayImage input(GrayImage image) {
        Optional<GrayImage> out = recipe.toModelInput(image);
        assertTrue(out.isPresent(), "ink was found");
        assertTrue(out.get().isModelInput(), "28x28");
        return out.get();
    }

    /**
     * Whole-pixel shifts put the centre of mass within half a pixel of (14, 14); a symmetric shape
     * whose side is even sits exactly on the rounding tie, so allow for float rounding there.
     */
    private static final double HALF_PIXEL = 0.5 + 1e-6;

    @Test
    void anOffCentreBarEndsUpWithItsCentreOfMassAtTheCentre() {
        GrayImage out = input(Shapes.bar(280, 280, 20, 30, 40, 200));
        double[] c = Shapes.centreOfMass(out);
        assertEquals(14, c[0], HALF_PIXEL, "centre of mass x");
        assertEquals(14, c[1], HALF_PIXEL, "centre of mass y");
        int[] box = Shapes.boxSize(out, 0f);
        assertTrue(box[0] <= 20 && box[1] <= 20, "within 20x20: " + box[0] + "x" + box[1]);
        assertEquals(20, Math.max(box[0], box[1]), 1, "longer side");
    }

    @Test
    void aLopsidedDigitIsCentredByItsCentreOfMass() {
        GrayImage out = input(Images.render(Shapes.seven(), 280, 0.7, 90, -60));
        double[] c = Shapes.centreOfMass(out);
        assertEquals(14, c[0], HALF_PIXEL, "centre of mass x");
        assertEquals(14, c[1], HALF_PIXEL, "centre of mass y");
        assertEquals(20, Shapes.boxSize(out, 0f)[1], 1, "the 7 is taller than wide: its height becomes 20");
    }

    @Test
    void theAspectRatioIsKept() {
        int[] tall = Shapes.boxSize(input(Shapes.bar(280, 280, 200, 10, 10, 40)), 0f);
        assertEquals(5, tall[0], 1, "a 10x40 bar becomes 5 wide");
        assertEquals(20, tall[1], 1, "and 20 high");

        int[] wide = Shapes.boxSize(input(Shapes.bar(1000, 600, 100, 400, 800, 100)), 0f);
        assertEquals(20, wide[0], 1, "an 800x100 bar becomes 20 wide");
        assertEquals(2.5, wide[1], 1, "and 2.5 high");
    }

    @Test
    void halfAndDoubleSizeInputsGiveNearlyTheSameDigit() {
        GrayImage seven = Shapes.seven();
        // The 7 is about 20 pixels tall in its 28x28 source: drawn on 14x14 it is about 10 pixels
        // and must be enlarged 2x (bilinear); on 56x56 about 40 and shrunk 2x (area average);
        // on 280x280 shrunk 10x, the closest to the true shape.
        float[] truth = input(Images.render(seven, 280, 1, 0, 0)).pixels();
        float[] half = input(Images.render(seven, 14, 1, 0, 0)).pixels();
        float[] twice = input(Images.render(seven, 56, 1, 0, 0)).pixels();
        double meanInk = Shapes.mass(truth) / truth.length;

        // Measured: 0.009 and 0.035 (of a mean intensity of 0.13). The half-size drawing has lost
        // detail before the recipe sees it, and its centre of mass may round to the neighbouring
        // pixel, so it is compared up to that one-pixel shift.
        assertTrue(Shapes.meanAbsDifference(truth, twice) < 0.015,
                "2x vs 10x: " + Shapes.meanAbsDifference(truth, twice));
        assertTrue(alignedDifference(twice, half) < 0.05, "0.5x vs 2x: " + alignedDifference(twice, half));
        assertTrue(alignedDifference(twice, half) < 0.4 * meanInk, "small against the ink itself");
        assertTrue(Shapes.meanAbsDifference(twice, input(Images.render(Shapes.ring(), 56, 1, 0, 0)).pixels()) > 0.1,
                "while a different digit differs clearly");
    }

    @Test
    void whereAndHowLargeTheDigitIsDrawnDoesNotMatter() {
        float[] centred = input(Images.render(Shapes.seven(), 280, 1, 0, 0)).pixels();
        float[] corner = input(Images.render(Shapes.seven(), 280, 0.5, -65, 70)).pixels();
        float[] larger = input(Images.render(Shapes.seven(), 600, 1.1, 40, -10)).pixels();
        // Measured: 0.0005 and 0.001.
        assertTrue(Shapes.meanAbsDifference(centred, corner) < 0.01, "small, in a corner");
        assertTrue(Shapes.meanAbsDifference(centred, larger) < 0.01, "larger, on a larger canvas");
    }

    @Test
    void aThinStrokeIsAveragedNotLost() {
        // A one-pixel diagonal on a 1000x600 picture, shrunk 25x: sampling would keep one pixel
        // in 25 and break the line; area averaging keeps every part of it, and the faint result
        // is brought up to full ink as MNIST's digits are.
        float[] p = new float[1000 * 600];
        for (int i = 0; i < 500; i++) {
            p[(50 + i) * 1000 + 200 + i] = 1f;
        }
        GrayImage out = input(new GrayImage(1000, 600, p));
        float peak = 0;
        int rowsWithInk = 0;
        for (int y = 0; y < 28; y++) {
            float rowPeak = 0;
            for (int x = 0; x < 28; x++) {
                rowPeak = Math.max(rowPeak, out.at(x, y));
            }
            peak = Math.max(peak, rowPeak);
            rowsWithInk += rowPeak > 0.5f ? 1 : 0;
        }
        assertEquals(1f, peak, 1e-6f);
        assertEquals(20, rowsWithInk, 1, "an unbroken line through all 20 rows:\n" + Shapes.ascii(out));
    }

    /** The smallest mean absolute difference over shifts of b by up to one pixel each way. */
    private static double alignedDifference(float[] a, float[] b) {
        double best = Double.MAX_VALUE;
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                double sum = 0;
                for (int y = 0; y < 28; y++) {
                    for (int x = 0; x < 28; x++) {
                        int sx = x + dx;
                        int sy = y + dy;
                        float v = sx < 0 || sy < 0 || sx >= 28 || sy >= 28 ? 0 : b[sy * 28 + sx];
                        sum += Math.abs(a[y * 28 + x] - v);
                    }
                }
                best = Math.min(best, sum / a.length);
            }
        }
        return best;
    }

    @Test
    void anEmptyImageGivesNothing() {
        assertTrue(recipe.toModelInput(new GrayImage(280, 280, new float[280 * 280])).isEmpty());
    }

    @Test
    void faintNoiseBelowTheThresholdGivesNothing() {
        SplittableRandom random = new SplittableRandom(7);
        float[] p = new float[280 * 280];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) random.nextDouble(0, Ink.THRESHOLD);
        }
        assertTrue(recipe.toModelInput(new GrayImage(280, 280, p)).isEmpty());
    }

    @Test
    void aStraySpeckIsNoDrawing() {
        float[] p = new float[280 * 280];
        p[140 * 280 + 140] = 0.6f;
        assertTrue(recipe.toModelInput(new GrayImage(280, 280, p)).isEmpty(), "less than one pixel of ink");
    }

    @Test
    void aSpeckFarFromTheDigitDoesNotShrinkIt() {
        float[] p = Images.render(Shapes.seven(), 280, 0.6, -40, 0).pixels();
        float[] clean = input(new GrayImage(280, 280, p)).pixels();
        p[5 * 280 + 275] = 1f;
        p[5 * 280 + 276] = 1f;
        assertArrayEquals(clean, input(new GrayImage(280, 280, p)).pixels(), 1e-6f);
    }

    @Test
    void valuesStayBetweenZeroAndOne() {
        float[] p = Images.render(Shapes.seven(), 140, 1, 0, 0).pixels();
        for (int i = 0; i < p.length; i++) {
            p[i] *= 1.7f;
        }
        for (float v : input(new GrayImage(140, 140, p)).pixels()) {
            assertTrue(v >= 0 && v <= 1, "value " + v);
        }
    }
}
