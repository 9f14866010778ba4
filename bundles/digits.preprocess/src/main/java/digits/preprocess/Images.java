package digits.preprocess;

import digits.api.GrayImage;
import digits.preprocess.internal.Resample;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Conversions between pictures and {@link GrayImage}s (ink 1.0 on background 0.0), and a renderer
 * that draws a digit scaled and shifted onto a canvas.
 */
public final class Images {

    private static final String FORMATS = "PNG, JPEG, GIF or BMP";
    /** Below this contrast between ink and paper nothing is stretched, so noise is not amplified. */
    private static final float MIN_STRETCH_CONTRAST = 0.2f;

    private Images() {
    }

    /**
     * Converts packed ARGB pixels (as {@link BufferedImage#getRGB} returns them) to ink intensities.
     *
     * <p>Whether the picture is dark ink on light paper or light ink on a dark background is read
     * from its border (the paper shows there; the digit rarely does), falling back to the majority
     * of all pixels when the border is mid-gray. The paper's level is then mapped to 0 and, when
     * the contrast is clear, the strongest ink to 1: a photo of gray paper or a pencil digit
     * becomes what MNIST looks like, while a nearly uniform picture is left faint so that its
     * noise never turns into ink. A picture with a transparent border (a drawing exported without
     * a background) is read by its opacity: the strokes are what was painted.
     *
     * @param width  columns
     * @param height rows
     * @param argb   {@code width * height} pixels, row-major
     */
    public static GrayImage fromArgb(int width, int height, int[] argb) {
        Objects.requireNonNull(argb, "argb");
        if (width <= 0 || height <= 0 || argb.length != width * height) {
            throw new IllegalArgumentException(
                    "expected " + width + "x" + height + " ARGB pixels, got " + argb.length);
        }
        int n = argb.length;
        float[] ink = new float[n];
        int[] borderHistogram = new int[256];
        int[] histogram = new int[256];
        boolean transparentBorder = borderOpacity(width, height, argb) < 0.5;
        for (int i = 0; i < n; i++) {
            int c = argb[i];
            int level;
            if (transparentBorder) {
                level = c >>> 24;
            } else {
                // Rec. 601 luma; good enough to tell ink from paper.
                level = (299 * ((c >> 16) & 0xff) + 587 * ((c >> 8) & 0xff) + 114 * (c & 0xff) + 500) / 1000;
            }
            ink[i] = level;
            histogram[level]++;
            int x = i % width;
            int y = i / width;
            if (x == 0 || y == 0 || x == width - 1 || y == height - 1) {
                borderHistogram[level]++;
            }
        }
        int background = median(borderHistogram);
        if (!transparentBorder && Math.abs(background - 127.5) < 25) {
            background = median(histogram);
        }
        boolean invert = !transparentBorder && background > 127;
        float paper = invert ? (255 - background) / 255f : background / 255f;
        float peak = 0;
        for (int i = 0; i < n; i++) {
            float v = invert ? (255 - ink[i]) / 255f : ink[i] / 255f;
            ink[i] = v;
            peak = Math.max(peak, v);
        }
        float top = peak - paper >= MIN_STRETCH_CONTRAST ? peak : 1f;
        float range = Math.max(top - paper, 1e-6f);
        for (int i = 0; i < n; i++) {
            float v = (ink[i] - paper) / range;
            ink[i] = v < 0 ? 0 : v > 1 ? 1 : v;
        }
        return new GrayImage(width, height, ink);
    }

    /** Converts a picture; see {@link #fromArgb(int, int, int[])}. */
    public static GrayImage fromBufferedImage(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        ColorModel cm = image.getColorModel();
        if (cm.getColorSpace().getType() != ColorSpace.TYPE_GRAY || cm instanceof IndexColorModel) {
            return fromArgb(w, h, image.getRGB(0, 0, w, h, null, 0, w));
        }
        // Java treats gray pictures (a gray PNG, MNIST saved as PNG) as linear and getRGB would
        // brighten them through the sRGB curve: 0.375 comes back as 0.65. The stored levels are
        // what the file means, so they are read as they are.
        Raster raster = image.getRaster();
        int[] gray = raster.getSamples(0, 0, w, h, 0, (int[]) null);
        int[] alpha = cm.hasAlpha() ? raster.getSamples(0, 0, w, h, cm.getNumComponents() - 1, (int[]) null) : null;
        double grayScale = 255.0 / ((1 << cm.getComponentSize(0)) - 1);
        double alphaScale = alpha == null ? 0 : 255.0 / ((1 << cm.getComponentSize(cm.getNumComponents() - 1)) - 1);
        int[] argb = new int[w * h];
        for (int i = 0; i < argb.length; i++) {
            int g = (int) Math.round(gray[i] * grayScale);
            int a = alpha == null ? 255 : (int) Math.round(alpha[i] * alphaScale);
            argb[i] = a << 24 | g << 16 | g << 8 | g;
        }
        return fromArgb(w, h, argb);
    }

    /**
     * Reads a picture file (PNG, JPEG, GIF or BMP: whatever {@link ImageIO} reads) as ink.
     *
     * @throws IOException when the file cannot be read or is not a picture; the message names it
     */
    public static GrayImage readPng(Path file) throws IOException {
        String name = String.valueOf(file.getFileName());
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, name);
        }
    }

    /**
     * Reads a picture (PNG, JPEG, GIF or BMP) from a stream, which stays open.
     *
     * @throws IOException when the stream cannot be read or holds no picture
     */
    public static GrayImage readPng(InputStream in) throws IOException {
        return read(in, "the input");
    }

    private static GrayImage read(InputStream in, String name) throws IOException {
        // A memory cache, not ImageIO's default temporary files: these pictures are small. Closing
        // it leaves the caller's stream open. ImageIO closes it itself, unless no reader knew it.
        ImageInputStream stream = new MemoryCacheImageInputStream(in);
        BufferedImage image;
        try {
            image = ImageIO.read(stream);
        } catch (IOException | RuntimeException e) {
            throw new IOException(name + " could not be read as an image (" + FORMATS + "): " + e.getMessage(), e);
        }
        if (image == null) {
            stream.close();
            throw new IOException(name + " is not an image (" + FORMATS + ")");
        }
        return fromBufferedImage(image);
    }

    /** An 8-bit gray picture of the image, ink white on black as MNIST shows it. */
    public static BufferedImage toBufferedImage(GrayImage image) {
        int w = image.width();
        int h = image.height();
        float[] p = image.pixels();
        byte[] bytes = new byte[p.length];
        for (int i = 0; i < p.length; i++) {
            float v = p[i];
            bytes[i] = (byte) Math.round((v < 0 ? 0 : v > 1 ? 1 : v) * 255);
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        out.getRaster().setDataElements(0, 0, w, h, bytes);
        return out;
    }

    /**
     * Draws an image (typically a 28x28 digit) onto a blank {@code side x side} canvas, as if
     * someone had drawn it there: at {@code scale} 1 the image's longer side spans the canvas,
     * centred; other scales make it larger or smaller about the centre, and the offsets then move
     * it by whole canvas pixels (part of it may fall off the canvas). Enlarging samples
     * bilinearly; shrinking averages areas.
     *
     * @param input   the image to draw
     * @param side    the canvas side in pixels
     * @param scale   size relative to the canvas, e.g. 0.5 to 2
     * @param offsetX canvas pixels to the right
     * @param offsetY canvas pixels down
     */
    public static GrayImage render(GrayImage input, int side, double scale, int offsetX, int offsetY) {
        if (side <= 0 || !(scale > 0)) {
            throw new IllegalArgumentException("need a positive side and scale, got " + side + " and " + scale);
        }
        int w = input.width();
        int h = input.height();
        double f = scale * side / Math.max(w, h);
        // Canvas coordinate of the input's top-left corner, mapped back into input coordinates.
        double left = side / 2.0 + offsetX - w * f / 2;
        double top = side / 2.0 + offsetY - h * f / 2;
        float[] canvas = Resample.apply(input.pixels(),
                w,
                Resample.Axis.of(side, 0, w, f, -left / f),
                Resample.Axis.of(side, 0, h, f, -top / f));
        for (int i = 0; i < canvas.length; i++) {
            canvas[i] = Math.min(1f, Math.max(0f, canvas[i]));
        }
        return new GrayImage(side, side, canvas);
    }

    /**
     * The digit drawn as a person might on a 280x280 canvas: 0.5x to 2x the size of a typical
     * drawing (log-uniform), pushed towards an edge or a corner or left in the middle. Used to
     * measure the canvas pipeline and to fit what depends on it on held-out digits.
     */
    public static GrayImage onRandomCanvas(GrayImage digit, java.util.SplittableRandom random) {
        double size = 0.5 * Math.pow(4, random.nextDouble());
        double scale = 0.7 * size; // render's scale 1 spans the canvas; a typical drawing is 0.7
        int room = (int) Math.max(0, 140 - 100 * scale - 4); // how far the ink box can move and stay on
        int dx = random.nextInt(3) - 1; // towards the left, nowhere, or the right edge
        int dy = random.nextInt(3) - 1;
        return render(digit, 280, scale, dx * room, dy * room);
    }

    private static double borderOpacity(int width, int height, int[] argb) {
        long sum = 0;
        int count = 0;
        for (int x = 0; x < width; x++) {
            sum += (argb[x] >>> 24) + (argb[(height - 1) * width + x] >>> 24);
            count += 2;
        }
        for (int y = 0; y < height; y++) {
            sum += (argb[y * width] >>> 24) + (argb[y * width + width - 1] >>> 24);
            count += 2;
        }
        return sum / (255.0 * count);
    }

    private static int median(int[] histogram) {
        int total = 0;
        for (int c : histogram) {
            total += c;
        }
        int seen = 0;
        for (int level = 0; level < histogram.length; level++) {
            seen += histogram[level];
            if (2 * seen >= total) {
                return level;
            }
        }
        return histogram.length - 1;
    }
}
