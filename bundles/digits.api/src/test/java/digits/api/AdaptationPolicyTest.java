package digits.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AdaptationPolicyTest {

    /** Images whose first pixel says their position, labelled as given. */
    private static LabelledImages images(int... labels) {
        byte[] pixels = new byte[labels.length * 784];
        byte[] l = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            pixels[i * 784] = (byte) i;
            l[i] = (byte) labels[i];
        }
        return new LabelledImages("writer", 28, 28, pixels, l);
    }

    private static int[] positions(LabelledImages images) {
        int[] out = new int[images.count()];
        for (int i = 0; i < out.length; i++) {
            out[i] = images.pixels()[i * 784];
        }
        return out;
    }

    @Test
    void everyFourthImageOfEachDigitIsHeldOutAndNoImageIsInBoth() {
        // 0 0 1 0 1 0 1 1 1 0: the fourth 0 is position 5, the fourth 1 is position 7
        LabelledImages writer = images(0, 0, 1, 0, 1, 0, 1, 1, 1, 0);
        AdaptationPolicy.WriterSplit split = AdaptationPolicy.DEFAULT.split(writer);
        assertEquals(4, AdaptationPolicy.DEFAULT.heldOutEvery());
        assertArrayEquals(new int[] {5, 7}, positions(split.heldOut()));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 6, 8, 9}, positions(split.adapt()));
        assertArrayEquals(new int[] {1, 1}, split.heldOut().histogram(2));
    }

    @Test
    void anImageKeepsItsSideWhenMoreAreDrawnAfterIt() {
        LabelledImages before = images(3, 3, 3, 3, 3);
        LabelledImages after = images(3, 3, 3, 3, 3, 3, 3, 3);
        assertArrayEquals(new int[] {3}, positions(AdaptationPolicy.DEFAULT.split(before).heldOut()));
        assertArrayEquals(new int[] {3, 7}, positions(AdaptationPolicy.DEFAULT.split(after).heldOut()));
    }

    @Test
    void theStartingModelIsTheActiveRecognizersStoredModelElseTheShippedOne() {
        assertEquals("mine", AdaptationPolicy.startingModel("cnn:mine"));
        assertEquals("default", AdaptationPolicy.startingModel("knn:mnist"));
        assertEquals("default", AdaptationPolicy.startingModel(null));
        assertEquals("default-adapted", AdaptationPolicy.defaultName("default"));
        assertEquals("default-adapted", AdaptationPolicy.defaultName("default-adapted"));
    }

    @Test
    void tooFewImagesAreRefusedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AdaptationRequest("b", "a",
                "drawings", images(1, 2, 3), AdaptationPolicy.DEFAULT));
        assertTrue(e.getMessage().contains("drawings holds 3 images; adapting needs at least 10"), e.getMessage());
    }
}
