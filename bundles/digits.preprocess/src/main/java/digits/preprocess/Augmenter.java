package digits.preprocess;

import digits.api.Augmentation;
import digits.api.GrayImage;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Random distortions of 28x28 training images (row-major {@code float[784]}, ink 0..1): an affine
 * transform about the image centre (whole-pixel shift, rotation, scaling) and, when
 * {@link Augmentation#elastic()} is set, the elastic distortion of Simard, Steinkraus and Platt
 * (2003). Both are folded into one inverse mapping sampled bilinearly, so an image is resampled
 * once and blurred once, however many distortions apply.
 *
 * <p>The elastic field is strong, as Simard meant it: with sigma 4 and alpha 34 it moves pixels by
 * about 1.4 on average and thickens or thins strokes locally, so one image may gain or lose up to
 * half its ink (none on average). It costs several times the affine part, mostly in smoothing
 * two fields of noise.
 *
 * <p>Reproducible: the same augmentation, seed and sequence of calls give the same images. Not
 * thread-safe (it holds its random stream and scratch buffers); give each worker its own, e.g.
 * from {@link #split()}.
 */
public final class Augmenter {

    private static final int SIDE = GrayImage.MODEL_SIDE;
    private static final int PIXELS = SIDE * SIDE;
    /** The centre the transform turns about, in pixel-index coordinates (between pixels 13 and 14). */
    private static final double CENTRE = (SIDE - 1) / 2.0;
    /** Simard et al.'s values for MNIST: smooth enough to look like handwriting, strong enough to matter. */
    static final double ELASTIC_SIGMA = 4;
    static final double ELASTIC_ALPHA = 34;

    private final Augmentation augmentation;
    private final SplittableRandom random;
    /** The elastic smoothing kernel, normalised and pre-multiplied by alpha; computed once. */
    private final float[] kernel;
    private final float[] fieldX = new float[PIXELS];
    private final float[] fieldY = new float[PIXELS];
    /** Noise padded by the kernel's radius on every side (the padding stays zero). */
    private final float[] noise;
    /** The noise blurred across, with the radius's zero rows above and below. */
    private final float[] smoothed;
    private final float[] scratch = new float[PIXELS];

    /**
     * @param augmentation the ranges of the distortions; {@link Augmentation#NONE} copies images unchanged
     * @param seed         the seed of the random stream
     */
    public Augmenter(Augmentation augmentation, long seed) {
        this(augmentation, new SplittableRandom(seed));
    }

    private Augmenter(Augmentation augmentation, SplittableRandom random) {
        this.augmentation = Objects.requireNonNull(augmentation, "augmentation");
        if (augmentation.maxShift() < 0 || augmentation.maxRotation() < 0 || augmentation.maxScale() < 0
                || augmentation.maxScale() >= 1) {
            throw new IllegalArgumentException("augmentation ranges must be non-negative and maxScale below 1: "
                    + augmentation);
        }
        this.random = random;
        this.kernel = augmentation.elastic() ? gaussian(ELASTIC_SIGMA, ELASTIC_ALPHA) : null;
        int pad = kernel == null ? 0 : kernel.length - 1;
        this.noise = new float[(SIDE + pad) * (SIDE + pad)];
        this.smoothed = new float[(SIDE + pad) * SIDE];
    }

    /** The ranges this augmenter draws from. */
    public Augmentation augmentation() {
        return augmentation;
    }

    /**
     * A new augmenter with the same ranges and its own random stream, split deterministically from
     * this one's: a reproducible way to hand one to each worker thread.
     */
    public Augmenter split() {
        return new Augmenter(augmentation, random.split());
    }

    /**
     * Writes a distorted copy of {@code src} to {@code dst}; both hold 784 pixels.
     *
     * @throws IllegalArgumentException when an array has the wrong length
     */
    public void augment(float[] src, float[] dst) {
        if (src.length != PIXELS || dst.length != PIXELS) {
            throw new IllegalArgumentException("expected 28x28 = 784 pixels, got " + src.length + " and " + dst.length);
        }
        augment(src, 0, dst, 0);
    }

    /** A distorted copy of a 28x28 image. */
    public GrayImage augment(GrayImage image) {
        if (!image.isModelInput()) {
            throw new IllegalArgumentException("expected a 28x28 image, got " + image);
        }
        float[] out = new float[PIXELS];
        augment(image.pixels(), 0, out, 0);
        return new GrayImage(SIDE, SIDE, out);
    }

    /**
     * Distorts {@code count} images stored one after another in {@code batch}
     * ({@code count * 784} floats, as a training batch holds them), in place.
     */
    public void augmentBatch(float[] batch, int count) {
        if (count < 0 || (long) count * PIXELS > batch.length) {
            throw new IllegalArgumentException(count + " images of 784 pixels do not fit in " + batch.length + " floats");
        }
        if (!augmentation.enabled()) {
            return;
        }
        for (int i = 0; i < count; i++) {
            int offset = i * PIXELS;
            System.arraycopy(batch, offset, scratch, 0, PIXELS);
            augment(scratch, 0, batch, offset);
        }
    }

    /** Distorts the 784 pixels at {@code src[srcOffset]} into {@code dst[dstOffset]}; the ranges must not overlap. */
    public void augment(float[] src, int srcOffset, float[] dst, int dstOffset) {
        Objects.checkFromIndexSize(srcOffset, PIXELS, src.length);
        Objects.checkFromIndexSize(dstOffset, PIXELS, dst.length);
        if (!augmentation.enabled()) {
            System.arraycopy(src, srcOffset, dst, dstOffset, PIXELS);
            return;
        }
        // Whole-pixel shifts, as torchvision draws them: a shift alone then moves the digit
        // without blurring it.
        int max = augmentation.maxShift();
        int tx = max > 0 ? random.nextInt(-max, max + 1) : 0;
        int ty = max > 0 ? random.nextInt(-max, max + 1) : 0;
        double angle = augmentation.maxRotation() > 0
                ? Math.toRadians(random.nextDouble(-augmentation.maxRotation(), augmentation.maxRotation()))
                : 0;
        double scale = augmentation.maxScale() > 0
                ? 1 + random.nextDouble(-augmentation.maxScale(), augmentation.maxScale())
                : 1;
        boolean elastic = kernel != null;
        if (elastic) {
            displacementField(fieldX);
            displacementField(fieldY);
        }

        // Inverse mapping: output pixel p reads the source at R(-angle) (p - c - t) / scale + c,
        // after the elastic field has moved p. Linear in x, so each row steps by (a, b).
        double cos = Math.cos(angle) / scale;
        double sin = Math.sin(angle) / scale;
        for (int y = 0; y < SIDE; y++) {
            double ry = y - CENTRE - ty;
            double rx = -CENTRE - tx;
            double sx = cos * rx + sin * ry + CENTRE;
            double sy = -sin * rx + cos * ry + CENTRE;
            int row = y * SIDE;
            for (int x = 0; x < SIDE; x++, sx += cos, sy -= sin) {
                double u = sx;
                double v = sy;
                if (elastic) {
                    // The field displaces the output point before the affine map: (dx, dy)
                    // goes through the same linear part.
                    float dx = fieldX[row + x];
                    float dy = fieldY[row + x];
                    u += cos * dx + sin * dy;
                    v += -sin * dx + cos * dy;
                }
                dst[dstOffset + row + x] = sample(src, srcOffset, u, v);
            }
        }
    }

    /** Bilinear sample at (u, v) in pixel-index coordinates; outside the image is background. */
    private static float sample(float[] src, int offset, double u, double v) {
        if (!(u > -1 && v > -1 && u < SIDE && v < SIDE)) {
            return 0;
        }
        int x0 = (int) Math.floor(u);
        int y0 = (int) Math.floor(v);
        float fx = (float) (u - x0);
        float fy = (float) (v - y0);
        float p00 = pixel(src, offset, x0, y0);
        float p10 = pixel(src, offset, x0 + 1, y0);
        float p01 = pixel(src, offset, x0, y0 + 1);
        float p11 = pixel(src, offset, x0 + 1, y0 + 1);
        float top = p00 + fx * (p10 - p00);
        float bottom = p01 + fx * (p11 - p01);
        return top + fy * (bottom - top);
    }

    private static float pixel(float[] src, int offset, int x, int y) {
        return x < 0 || y < 0 || x >= SIDE || y >= SIDE ? 0 : src[offset + y * SIDE + x];
    }

    /**
     * Uniform noise in [-1, 1] smoothed by the Gaussian into {@code field}, with zero noise beyond
     * the border (Simard's constant padding). The noise sits in a buffer padded by the kernel's
     * radius, so neither pass needs a bounds test.
     */
    private void displacementField(float[] field) {
        int r = kernel.length / 2;
        int pw = SIDE + 2 * r;
        for (int y = 0; y < SIDE; y++) {
            int row = y * pw + r;
            for (int x = 0; x < SIDE; x++) {
                noise[row + x] = random.nextInt() * 0x1.0p-31f;
            }
        }
        // Across: rows r .. r + SIDE - 1 of smoothed; the r rows above and below stay zero.
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x += 7) {
                convolve7(noise, y * pw + x, 1, smoothed, (y + r) * SIDE + x);
            }
        }
        // Down.
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x += 7) {
                convolve7(smoothed, y * SIDE + x, SIDE, field, y * SIDE + x);
            }
        }
    }

    /**
     * Seven neighbouring outputs of the kernel run along {@code step} from {@code in}. Seven
     * independent sums, not one at a time, let the CPU overlap the multiply-adds (about 3x faster
     * than the plain loop); 28 is four sevens.
     */
    private void convolve7(float[] src, int in, int step, float[] dst, int out) {
        float a0 = 0;
        float a1 = 0;
        float a2 = 0;
        float a3 = 0;
        float a4 = 0;
        float a5 = 0;
        float a6 = 0;
        for (int k = 0, i = in; k < kernel.length; k++, i += step) {
            float w = kernel[k];
            a0 += w * src[i];
            a1 += w * src[i + 1];
            a2 += w * src[i + 2];
            a3 += w * src[i + 3];
            a4 += w * src[i + 4];
            a5 += w * src[i + 5];
            a6 += w * src[i + 6];
        }
        dst[out] = a0;
        dst[out + 1] = a1;
        dst[out + 2] = a2;
        dst[out + 3] = a3;
        dst[out + 4] = a4;
        dst[out + 5] = a5;
        dst[out + 6] = a6;
    }

    /**
     * A 1-D Gaussian of radius 3 sigma, normalised to sum 1, with {@code sqrt(alpha)} folded into
     * each tap so the 2-D separable pass yields alpha times the normalised blur.
     */
    static float[] gaussian(double sigma, double alpha) {
        int r = (int) Math.ceil(3 * sigma);
        double[] g = new double[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            g[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
            sum += g[i + r];
        }
        float[] k = new float[g.length];
        double a = Math.sqrt(alpha);
        for (int i = 0; i < g.length; i++) {
            k[i] = (float) (g[i] / sum * a);
        }
        return k;
    }
}
