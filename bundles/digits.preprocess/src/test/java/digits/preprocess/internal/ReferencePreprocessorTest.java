package digits.preprocess.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.GrayImage;
import digits.preprocess.Shapes;
import org.junit.jupiter.api.Test;

class ReferencePreprocessorTest {

    private final ReferencePreprocessor reference = new ReferencePreprocessor();

    @Test
    void aSquareIsCentredAndAveragedInTenPixelBlocks() {
        GrayImage out = reference.toModelInput(Shapes.bar(280, 280, 10, 170, 100, 100)).orElseThrow();
        assertTrue(out.isModelInput());
        // Centred: the 100x100 box starts at (280 - 100) / 2 = 90, so it fills blocks 9..18.
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                boolean inside = x >= 9 && x <= 18 && y >= 9 && y <= 18;
                assertEquals(inside ? 1f : 0f, out.at(x, y), 1e-6f, "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void itKeepsTheDrawnSizeUnlikeTheMnistRecipe() {
        GrayImage out = reference.toModelInput(Shapes.bar(280, 280, 0, 0, 40, 40)).orElseThrow();
        assertEquals(16, Shapes.mass(out.pixels()), 1e-4, "a 40x40 square stays 4x4");
    }

    @Test
    void anotherSizeIsScaledTo280First() {
        GrayImage small = reference.toModelInput(Shapes.bar(140, 140, 80, 20, 50, 50)).orElseThrow();
        GrayImage full = reference.toModelInput(Shapes.bar(280, 280, 0, 0, 100, 100)).orElseThrow();
        // Bilinear enlargement softens the square's edges by a canvas pixel; the blocks agree.
        assertTrue(Shapes.meanAbsDifference(full.pixels(), small.pixels()) < 0.01);
        assertEquals(100, Shapes.mass(small.pixels()), 2);
    }

    @Test
    void anEmptyImageGivesNothing() {
        assertTrue(reference.toModelInput(new GrayImage(280, 280, new float[280 * 280])).isEmpty());
        assertTrue(reference.toModelInput(new GrayImage(50, 70, new float[50 * 70])).isEmpty());
    }

    @Test
    void itIsNamedAndRankedBelowTheRecipe() {
        assertEquals("reference", reference.id());
        assertEquals("mnist", new MnistPreprocessor().id());
        // the rankings their components register with (the selection prefers the highest)
        assertTrue(ReferencePreprocessor.RANKING < MnistPreprocessor.RANKING,
                "reference " + ReferencePreprocessor.RANKING + ", mnist " + MnistPreprocessor.RANKING);
    }
}
