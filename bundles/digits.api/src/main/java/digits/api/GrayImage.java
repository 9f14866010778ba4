package digits.api;

import java.util.Arrays;

/**
 * A grayscale image in row-major order with ink intensity in [0, 1]: 1.0 is full ink, 0.0 is
 * background. Canvas drawings, PNG files and model inputs (28x28) all travel as this type.
 *
 * <p>The pixel array is copied on construction and on access so the value stays immutable.
 */
public record GrayImage(int width, int height, float[] pixels) {

    /** The side of a model input, as in MNIST. */
    public static final int MODEL_SIDE = 28;

    public GrayImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        if (pixels.length != width * height) {
            throw new IllegalArgumentException(
                    "expected " + width * height + " pixels for " + width + "x" + height + ", got " + pixels.length);
        }
        pixels = pixels.clone();
    }

    /** A copy of the pixels. */
    @Override
    public float[] pixels() {
        return pixels.clone();
    }

    /** The intensity at column x, row y. */
    public float at(int x, int y) {
        return pixels[y * width + x];
    }

    /** Whether this image has the shape a recognizer takes (28x28). */
    public boolean isModelInput() {
        return width == MODEL_SIDE && height == MODEL_SIDE;
    }

    /** From unsigned 8-bit pixels (0 = background, 255 = ink), as stored in IDX files. */
    public static GrayImage fromBytes(int width, int height, byte[] data, int offset) {
        float[] p = new float[width * height];
        for (int i = 0; i < p.length; i++) {
            p[i] = (data[offset + i] & 0xff) / 255f;
        }
        return new GrayImage(width, height, p);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GrayImage g && g.width == width && g.height == height && Arrays.equals(g.pixels, pixels);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(pixels);
    }

    @Override
    public String toString() {
        return "GrayImage[" + width + "x" + height + "]";
    }
}
