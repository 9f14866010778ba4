package digits.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.GrayImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagesTest {

    @TempDir
    Path dir;

    private static int gray(int level) {
        return 0xff000000 | level << 16 | level << 8 | level;
    }

    /** A 20x20 picture: background of one gray level with a 6x6 square of another. */
    private static int[] picture(int background, int ink, int alphaBackground) {
        int[] argb = new int[400];
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 20; x++) {
                boolean square = x >= 7 && x < 13 && y >= 7 && y < 13;
                argb[y * 20 + x] = square ? gray(ink) : (gray(background) & 0xffffff) | alphaBackground << 24;
            }
        }
        return argb;
    }

    @Test
    void darkInkOnLightPaperIsInverted() {
        GrayImage image = Images.fromArgb(20, 20, picture(255, 0, 255));
        assertEquals(1f, image.at(10, 10));
        assertEquals(0f, image.at(0, 0));
    }

    @Test
    void lightInkOnDarkBackgroundIsKept() {
        GrayImage image = Images.fromArgb(20, 20, picture(0, 255, 255));
        assertEquals(1f, image.at(10, 10));
        assertEquals(0f, image.at(0, 0));
    }

    @Test
    void grayPaperAndPencilAreStretchedToTheFullRange() {
        GrayImage image = Images.fromArgb(20, 20, picture(200, 90, 255));
        assertEquals(1f, image.at(10, 10), 1e-6f);
        assertEquals(0f, image.at(0, 0), 1e-6f);
    }

    @Test
    void aNearlyUniformPictureIsNotTurnedIntoInk() {
        GrayImage image = Images.fromArgb(20, 20, picture(250, 240, 255));
        assertTrue(image.at(10, 10) < 0.1f, "faint stays faint: " + image.at(10, 10));
    }

    @Test
    void aTransparentBackgroundIsReadByOpacity() {
        GrayImage image = Images.fromArgb(20, 20, picture(0, 0, 0));
        assertEquals(1f, image.at(10, 10));
        assertEquals(0f, image.at(0, 0));
    }

    @Test
    void aFileThatIsNotAnImageIsNamedInTheError() throws IOException {
        Path text = Files.writeString(dir.resolve("x.txt"), "not a picture");
        IOException e = assertThrows(IOException.class, () -> Images.readPng(text));
        assertEquals("x.txt is not an image (PNG, JPEG, GIF or BMP)", e.getMessage());
        assertThrows(IOException.class, () -> Images.readPng(new ByteArrayInputStream(new byte[] {1, 2, 3})));
    }

    @Test
    void aMissingFileIsNamedInTheError() {
        IOException e = assertThrows(IOException.class, () -> Images.readPng(dir.resolve("missing.png")));
        assertTrue(e.getMessage().contains("missing.png"), e.getMessage());
    }

    @Test
    void aPngWrittenWhiteOnBlackReadsBackTheSame() throws IOException {
        GrayImage seven = Shapes.seven();
        BufferedImage picture = Images.toBufferedImage(seven);
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, picture.getType());
        assertEquals(255, picture.getRaster().getSample(14, 6, 0), "ink is white");
        assertEquals(0, picture.getRaster().getSample(0, 0, 0), "background is black");
        Path png = dir.resolve("seven.png");
        ImageIO.write(picture, "png", png.toFile());
        GrayImage back = Images.readPng(png);
        assertArrayEquals(seven.pixels(), back.pixels(), 0.5f / 255 + 1e-6f);
    }

    @Test
    void aDigitRenderedAtItsOwnSizeIsUnchanged() {
        assertEquals(Shapes.seven(), Images.render(Shapes.seven(), 28, 1, 0, 0));
    }

    @Test
    void renderingScalesAndShiftsTheDigit() {
        GrayImage square = Shapes.bar(28, 28, 4, 4, 20, 20);
        GrayImage canvas = Images.render(square, 280, 0.5, -30, 20);
        // Half of the canvas, 140 pixels, spans the 28 source pixels: the 20-pixel square is
        // 100 pixels wide, centred at (140 - 30, 140 + 20).
        int[] box = Shapes.boxSize(canvas, 0.5f);
        assertEquals(100, box[0], 1);
        assertEquals(100, box[1], 1);
        double[] c = Shapes.centreOfMass(canvas);
        assertEquals(110 - 0.5, c[0], 0.5);
        assertEquals(160 - 0.5, c[1], 0.5);
        assertEquals(100 * 100, Shapes.mass(canvas.pixels()), 100 * 4 * 2);
    }

    @Test
    void partOfTheDigitMayFallOffTheCanvas() {
        GrayImage canvas = Images.render(Shapes.bar(28, 28, 0, 0, 28, 28), 100, 1, 90, 0);
        // The last 10 columns, less the half source pixel over which bilinear enlargement fades
        // the square's edge into the background.
        assertEquals(10 * 100, Shapes.mass(canvas.pixels()), 20);
        assertEquals(0f, canvas.at(86, 50));
        assertEquals(1f, canvas.at(95, 50), 1e-6f);
    }
}
