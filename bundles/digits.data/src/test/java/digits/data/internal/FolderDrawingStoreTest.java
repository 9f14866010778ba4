package digits.data.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.DatasetException;
import digits.api.GrayImage;
import digits.api.LabelledImages;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drawings saved from the canvas come back as the {@code drawings} dataset. */
class FolderDrawingStoreTest {

    @TempDir
    Path temp;

    private static GrayImage stroke(int column) {
        float[] p = new float[28 * 28];
        for (int y = 4; y < 24; y++) {
            p[y * 28 + column] = 1f;
            p[y * 28 + column + 1] = 0.5f;
        }
        return new GrayImage(28, 28, p);
    }

    @Test
    void aSavedDrawingIsAGrayscalePngNamedByItsLabel() throws Exception {
        FolderDrawingStore store = new FolderDrawingStore(temp.resolve("drawings"));

        Path saved = store.save(stroke(10), 7);

        assertTrue(saved.getFileName().toString().matches("7_\\d{8}T\\d{9}Z\\.png"), saved.toString());
        BufferedImage png = ImageIO.read(saved.toFile());
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, png.getType());
        assertEquals(28, png.getWidth());
        assertEquals(255, png.getRaster().getSample(10, 12, 0), "white ink");
        assertEquals(128, png.getRaster().getSample(11, 12, 0));
        assertEquals(0, png.getRaster().getSample(0, 0, 0), "black background");
        assertEquals(1, store.count());
        try (Stream<Path> files = Files.list(store.folder())) {
            assertEquals(List.of(saved), files.toList(), "no temporary file left behind");
        }
    }

    @Test
    void drawingsReadBackAsTheDatasetWithEveryFifthOfEachDigitHeldOut() throws Exception {
        FolderDrawingStore store = new FolderDrawingStore(temp);
        for (int i = 0; i < 12; i++) {
            store.save(stroke(i), 3);
        }
        store.save(stroke(20), 8);
        DrawingsDataset drawings = new DrawingsDataset(store);

        LabelledImages train = drawings.train();
        LabelledImages test = drawings.test();

        assertEquals(13, store.count());
        // Of twelve 3s, the 5th and 10th are test; the single 8 trains.
        assertEquals(2, test.count());
        assertEquals(11, train.count());
        assertEquals(3, test.label(0));
        assertEquals(8, train.label(10));
        assertEquals(stroke(4).pixels()[12 * 28 + 4], test.image(0).at(4, 12));
        float[] back = train.image(0).pixels();
        float[] drawn = stroke(0).pixels();
        for (int i = 0; i < drawn.length; i++) {
            assertEquals(drawn[i], back[i], 0.5f / 255 + 1e-6f, "pixel " + i + " survives the PNG at 8 bits");
        }
        assertEquals("folder " + temp + " (13 drawings)", drawings.provision());
    }

    @Test
    void anEmptyOrMissingFolderIsAnEmptyDataset() throws DatasetException {
        DrawingsDataset drawings = new DrawingsDataset(new FolderDrawingStore(temp.resolve("never-drawn")));

        assertEquals(0, drawings.train().count());
        assertEquals(0, drawings.test().count());
        assertEquals(0, new FolderDrawingStore(temp.resolve("never-drawn")).count());
    }

    @Test
    void theChecksumFollowsTheDrawings() throws Exception {
        FolderDrawingStore store = new FolderDrawingStore(temp);
        DrawingsDataset drawings = new DrawingsDataset(store);
        String empty = drawings.checksum();
        store.save(stroke(5), 1);
        String one = drawings.checksum();

        assertNotEquals(empty, one);
        assertEquals(one, drawings.checksum());
    }

    @Test
    void onlyModelSizedImagesAndDigitLabelsAreSaved() {
        FolderDrawingStore store = new FolderDrawingStore(temp);

        assertThrows(IllegalArgumentException.class, () -> store.save(new GrayImage(2, 2, new float[4]), 1));
        assertThrows(IllegalArgumentException.class, () -> store.save(stroke(1), 10));
        assertEquals(0, store.count());
    }

    @Test
    void aDrawingOfTheWrongSizeIsReportedByName() throws Exception {
        Path bad = temp.resolve("4_big.png");
        ImageIO.write(new BufferedImage(30, 28, BufferedImage.TYPE_BYTE_GRAY), "png", bad.toFile());

        DatasetException e = assertThrows(DatasetException.class, () -> new DrawingsDataset(new FolderDrawingStore(temp)).train());
        assertEquals(bad + ": 30x28 pixels, expected 28x28", e.getMessage());
    }

    @Test
    void aSecondSaveInTheSameMillisecondGetsItsOwnFile() throws Exception {
        FolderDrawingStore store = new FolderDrawingStore(temp);
        Path a = store.save(stroke(1), 2);
        Path b = store.save(stroke(2), 2);

        assertNotEquals(a, b);
        assertTrue(a.getFileName().toString().compareTo(b.getFileName().toString()) < 0, "names sort in drawing order");
        assertArrayEquals(new int[] {0, 0, 2, 0, 0, 0, 0, 0, 0, 0},
                new DrawingsDataset(store).train().histogram(10));
    }

    @Test
    void theStoreReadsBackEveryDrawingAndCountsThemPerDigit() throws Exception {
        FolderDrawingStore store = new FolderDrawingStore(temp.resolve("drawings"));
        assertEquals(0, store.images().count(), "no folder yet: no drawings");
        store.save(stroke(5), 7);
        store.save(stroke(9), 2);
        store.save(stroke(12), 7);
        LabelledImages all = store.images();
        assertEquals(3, all.count());
        assertArrayEquals(new int[] {0, 0, 1, 0, 0, 0, 0, 2, 0, 0}, store.countPerDigit());
        assertEquals(2, all.label(0), "by digit first");
        assertEquals(1f, all.image(1).at(5, 10), 1e-6, "then in the order drawn: the first 7 is the stroke at column 5");
        assertEquals(1f, all.image(2).at(12, 10), 1e-6);
    }
}
