package digits.runtime;

import digits.api.GrayImage;
import digits.api.LabelledImages;
import digits.api.Preprocessor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A writer the shipped model has not met: MNIST digits rewritten in one consistent hand, with a
 * strong forward slant, a broad marker with hard edges, then brought back to 28x28 through the
 * MNIST recipe as the canvas would. The shipped model was trained with rotations of 12 degrees
 * and no such strokes, so it reads this hand clearly worse than MNIST.
 */
final class NewWriter {

    /** Horizontal shift per pixel of height: about 35 degrees of slant. */
    static final double SLANT = 0.7;
    /** Radius of the marker's tip, in pixels of the 3x canvas (MNIST's pen is about 4 there). */
    static final int MARKER = 6;
    private static final int SCALE = 3;
    private static final int SIDE = 160;

    private final Preprocessor recipe;
    private final double slant;
    private final int marker;

    NewWriter(Preprocessor recipe) {
        this(recipe, SLANT, MARKER);
    }

    NewWriter(Preprocessor recipe, double slant, int marker) {
        this.recipe = recipe;
        this.slant = slant;
        this.marker = marker;
    }

    /** The images at {@code indices} of {@code source}, rewritten in this hand. */
    LabelledImages rewrite(LabelledImages source, int[] indices, String name) {
        byte[] pixels = new byte[indices.length * 784];
        byte[] labels = new byte[indices.length];
        for (int i = 0; i < indices.length; i++) {
            float[] p = write(source.image(indices[i])).pixels();
            for (int k = 0; k < 784; k++) {
                pixels[i * 784 + k] = (byte) Math.round(Math.min(1f, Math.max(0f, p[k])) * 255);
            }
            labels[i] = (byte) source.label(indices[i]);
        }
        return new LabelledImages(name, 28, 28, pixels, labels);
    }

    /** One digit in this hand, as the 28x28 input the canvas would hand the recognizer. */
    GrayImage write(GrayImage digit) {
        float[] canvas = new float[SIDE * SIDE];
        double c = SIDE / 2.0;
        // the digit enlarged, slanted (the top leans right) and cut with hard edges
        boolean[] ink = new boolean[SIDE * SIDE];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                double u = (x - c + slant * (y - c)) / SCALE + 14;
                double v = (y - c) / SCALE + 14;
                ink[y * SIDE + x] = bilinear(digit, u, v) >= 0.4f;
            }
        }
        // the marker's round tip widens every stroke
        int r2 = marker * marker;
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                if (!ink[y * SIDE + x]) {
                    continue;
                }
                for (int dy = -marker; dy <= marker; dy++) {
                    for (int dx = -marker; dx <= marker; dx++) {
                        int nx = x + dx;
                        int ny = y + dy;
                        if (dx * dx + dy * dy <= r2 && nx >= 0 && ny >= 0 && nx < SIDE && ny < SIDE) {
                            canvas[ny * SIDE + nx] = 1f;
                        }
                    }
                }
            }
        }
        return recipe.toModelInput(new GrayImage(SIDE, SIDE, canvas)).orElseThrow();
    }

    private static float bilinear(GrayImage g, double u, double v) {
        int x0 = (int) Math.floor(u);
        int y0 = (int) Math.floor(v);
        double fx = u - x0;
        double fy = v - y0;
        return (float) ((1 - fx) * (1 - fy) * at(g, x0, y0) + fx * (1 - fy) * at(g, x0 + 1, y0)
                + (1 - fx) * fy * at(g, x0, y0 + 1) + fx * fy * at(g, x0 + 1, y0 + 1));
    }

    private static float at(GrayImage g, int x, int y) {
        return x < 0 || y < 0 || x >= g.width() || y >= g.height() ? 0f : g.at(x, y);
    }

    /** Writes images as the drawings store names them, {@code LABEL_anything.png}, 8-bit gray, white ink on black. */
    static Path saveAsDrawings(LabelledImages images, Path folder) throws IOException {
        Files.createDirectories(folder);
        for (int i = 0; i < images.count(); i++) {
            BufferedImage png = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            for (int k = 0; k < 784; k++) {
                png.getRaster().setSample(k % 28, k / 28, 0, images.pixels()[i * 784 + k] & 0xff);
            }
            ImageIO.write(png, "png", folder.resolve(String.format("%d_%05d.png", images.label(i), i)).toFile());
        }
        return folder;
    }
}
