package digits.api;

import java.util.Arrays;

/**
 * A set of same-sized 8-bit images and their labels, as stored in IDX files: pixel 0 is
 * background, 255 is full ink. The arrays are shared, not copied, because a training set is
 * large; treat them as read-only.
 *
 * @param name   where the images come from, e.g. {@code mnist/train}
 * @param rows   image height
 * @param cols   image width
 * @param pixels {@code count * rows * cols} bytes, image after image, row-major
 * @param labels one class per image
 */
public record LabelledImages(String name, int rows, int cols, byte[] pixels, byte[] labels) {

    public LabelledImages {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException(name + ": image size must be positive");
        }
        if ((long) labels.length * rows * cols != pixels.length) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels but "
                    + pixels.length / ((long) rows * cols) + " images");
        }
    }

    public int count() {
        return labels.length;
    }

    public int label(int index) {
        return labels[index] & 0xff;
    }

    public GrayImage image(int index) {
        return GrayImage.fromBytes(cols, rows, pixels, index * rows * cols);
    }

    /** Images {@code from} (inclusive) to {@code to} (exclusive), copied. */
    public LabelledImages slice(int from, int to) {
        int size = rows * cols;
        return new LabelledImages(name + "[" + from + ":" + to + "]", rows, cols,
                Arrays.copyOfRange(pixels, from * size, to * size), Arrays.copyOfRange(labels, from, to));
    }

    /** The images at the given indices, in that order. */
    public LabelledImages select(String newName, int[] indices) {
        int size = rows * cols;
        byte[] p = new byte[indices.length * size];
        byte[] l = new byte[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * size, p, i * size, size);
            l[i] = labels[indices[i]];
        }
        return new LabelledImages(newName, rows, cols, p, l);
    }

    /** How many images each class has. */
    public int[] histogram(int classes) {
        int[] h = new int[classes];
        for (byte b : labels) {
            h[b & 0xff]++;
        }
        return h;
    }
}
