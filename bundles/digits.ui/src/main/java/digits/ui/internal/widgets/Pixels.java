package digits.ui.internal.widgets;

import digits.api.GrayImage;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;
import org.eclipse.swt.graphics.RGB;

/** Conversions between SWT's image data and {@link GrayImage}s (ink 1.0 on background 0.0). */
public final class Pixels {

    private static final PaletteData GRAYS;

    static {
        RGB[] rgbs = new RGB[256];
        for (int i = 0; i < 256; i++) {
            rgbs[i] = new RGB(i, i, i);
        }
        GRAYS = new PaletteData(rgbs);
    }

    private Pixels() {
    }

    /**
     * Reads a drawing (dark ink on white paper) as ink: 1 minus the brightness. Plain data, so it
     * may run on any thread.
     */
    public static GrayImage inkOf(ImageData data) {
        int w = data.width;
        int h = data.height;
        float[] ink = new float[w * h];
        int[] row = new int[w];
        PaletteData p = data.palette;
        for (int y = 0; y < h; y++) {
            data.getPixels(0, y, w, row, 0);
            for (int x = 0; x < w; x++) {
                int r;
                int g;
                int b;
                if (p.isDirect) {
                    r = shift(row[x] & p.redMask, p.redShift);
                    g = shift(row[x] & p.greenMask, p.greenShift);
                    b = shift(row[x] & p.blueMask, p.blueShift);
                } else {
                    RGB c = p.colors[row[x]];
                    r = c.red;
                    g = c.green;
                    b = c.blue;
                }
                // Rec. 601 luma, as the preprocessing bundle reads pictures
                float luma = (299 * r + 587 * g + 114 * b) / 255000f;
                ink[y * w + x] = Math.max(0f, Math.min(1f, 1f - luma));
            }
        }
        return new GrayImage(w, h, ink);
    }

    private static int shift(int v, int shift) {
        return shift < 0 ? v >>> -shift : v << shift;
    }

    /** An 8-bit gray picture of the image as MNIST shows it: white ink on black. */
    public static ImageData toImageData(GrayImage image) {
        ImageData d = new ImageData(image.width(), image.height(), 8, GRAYS);
        float[] p = image.pixels();
        byte[] row = new byte[image.width()];
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                float v = p[y * image.width() + x];
                row[x] = (byte) Math.round(Math.max(0, Math.min(1, v)) * 255);
            }
            d.setPixels(0, y, image.width(), row, 0);
        }
        return d;
    }

    /**
     * The image as {@link #toImageData} shows it, with a saliency map in [0, 1] laid over it in
     * orange (the Draw view's colour for "why"), each pixel a {@code scale}-pixel square.
     */
    public static ImageData withSaliency(GrayImage image, GrayImage map, int scale) {
        int w = image.width() * scale;
        int h = image.height() * scale;
        ImageData d = new ImageData(w, h, 24, new PaletteData(0xff0000, 0xff00, 0xff));
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int g = Math.round(255 * Math.max(0, Math.min(1, image.at(x / scale, y / scale))));
                float heat = Math.max(0, Math.min(1, map.at(x / scale, y / scale)));
                int r = Math.round(g + (0xf2 - g) * heat);
                int gg = Math.round(g + (0x8e - g) * heat);
                int b = Math.round(g + (0x2b - g) * heat);
                d.setPixel(x, y, (r << 16) | (gg << 8) | b);
            }
        }
        return d;
    }
}
