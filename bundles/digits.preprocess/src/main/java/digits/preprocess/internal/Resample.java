package digits.preprocess.internal;

/**
 * Separable resampling of float images: one {@link Axis} per direction says, for every output
 * pixel, which source pixels it reads and with what weight. Public only so that
 * {@code digits.preprocess.Images} can share it; the package is not exported.
 */
public final class Resample {

    private Resample() {
    }

    /**
     * The taps of one axis. Output pixel {@code i} spans the source interval
     * {@code [start + i / scale, start + (i + 1) / scale)}. When shrinking ({@code scale < 1}) it
     * takes the exact area average of that interval (a box filter): every source pixel contributes
     * in proportion to its overlap, so a one-pixel stroke fades instead of vanishing or breaking
     * up, and the ink mass scales exactly with the area. When enlarging it samples bilinearly at
     * the interval's centre. Source pixels outside {@code [lo, hi)} count as background (0).
     */
    public static final class Axis {
        final int size;
        final int stride;
        final int[] first;
        final int[] count;
        final float[] weight;
        /** The lowest and highest source pixel any output reads (min > max when none is read). */
        int minSource = Integer.MAX_VALUE;
        int maxSource = Integer.MIN_VALUE;

        private Axis(int size, int stride) {
            this.size = size;
            this.stride = stride;
            this.first = new int[size];
            this.count = new int[size];
            this.weight = new float[size * stride];
        }

        private Axis withBounds() {
            for (int i = 0; i < size; i++) {
                if (count[i] > 0) {
                    minSource = Math.min(minSource, first[i]);
                    maxSource = Math.max(maxSource, first[i] + count[i] - 1);
                }
            }
            return this;
        }

        /**
         * @param size  output pixels
         * @param lo    first source pixel that may be read
         * @param hi    one past the last source pixel that may be read
         * @param scale output pixels per source pixel
         * @param start source coordinate of output pixel 0's leading edge
         */
        public static Axis of(int size, int lo, int hi, double scale, double start) {
            return scale < 1 ? area(size, lo, hi, scale, start) : bilinear(size, lo, hi, scale, start);
        }

        static Axis area(int size, int lo, int hi, double scale, double start) {
            double span = 1 / scale;
            Axis a = new Axis(size, (int) Math.ceil(span) + 2);
            for (int i = 0; i < size; i++) {
                double from = start + i * span;
                double to = from + span;
                int j0 = Math.max(lo, (int) Math.floor(from));
                int j1 = Math.min(hi, (int) Math.ceil(to));
                int n = 0;
                for (int j = j0; j < j1 && n < a.stride; j++) {
                    double overlap = Math.min(to, j + 1) - Math.max(from, j);
                    if (overlap > 0) {
                        if (n == 0) {
                            a.first[i] = j;
                        }
                        // Taps are contiguous: a zero-overlap pixel can only sit at either end.
                        a.weight[i * a.stride + (j - a.first[i])] = (float) (overlap * scale);
                        n = j - a.first[i] + 1;
                    }
                }
                a.count[i] = n;
            }
            return a.withBounds();
        }

        static Axis bilinear(int size, int lo, int hi, double scale, double start) {
            Axis a = new Axis(size, 2);
            for (int i = 0; i < size; i++) {
                double u = start + (i + 0.5) / scale - 0.5;
                int j = (int) Math.floor(u);
                float t = (float) (u - j);
                float w0 = 1 - t;
                float w1 = t;
                if (j < lo || j >= hi) {
                    w0 = 0;
                }
                if (j + 1 < lo || j + 1 >= hi) {
                    w1 = 0;
                }
                if (w0 == 0 && w1 == 0) {
                    a.count[i] = 0;
                    continue;
                }
                if (w0 == 0) {
                    a.first[i] = j + 1;
                    a.weight[i * 2] = w1;
                    a.count[i] = 1;
                } else {
                    a.first[i] = j;
                    a.weight[i * 2] = w0;
                    a.weight[i * 2 + 1] = w1;
                    a.count[i] = w1 == 0 ? 1 : 2;
                }
            }
            return a.withBounds();
        }
    }

    /**
     * Resamples {@code src} (row-major, {@code srcWidth} wide) through the two axes: rows first,
     * then columns, touching only the source rows some output pixel reads.
     *
     * @return {@code ay.size} rows of {@code ax.size} pixels
     */
    public static float[] apply(float[] src, int srcWidth, Axis ax, Axis ay) {
        int outW = ax.size;
        int outH = ay.size;
        float[] out = new float[outW * outH];
        if (ay.minSource > ay.maxSource) {
            return out;
        }
        int rowLo = ay.minSource;
        int rows = ay.maxSource - rowLo + 1;
        float[] tmp = new float[rows * outW];
        int[] xf = ax.first;
        int[] xc = ax.count;
        float[] xw = ax.weight;
        int xs = ax.stride;
        for (int r = 0; r < rows; r++) {
            int srcRow = (rowLo + r) * srcWidth;
            int tmpRow = r * outW;
            for (int i = 0; i < outW; i++) {
                int base = srcRow + xf[i];
                int wb = i * xs;
                float sum = 0;
                for (int k = 0, n = xc[i]; k < n; k++) {
                    sum += src[base + k] * xw[wb + k];
                }
                tmp[tmpRow + i] = sum;
            }
        }
        for (int j = 0; j < outH; j++) {
            int outRow = j * outW;
            int wb = j * ay.stride;
            for (int k = 0, n = ay.count[j]; k < n; k++) {
                float w = ay.weight[wb + k];
                int tmpRow = (ay.first[j] + k - rowLo) * outW;
                for (int i = 0; i < outW; i++) {
                    out[outRow + i] += w * tmp[tmpRow + i];
                }
            }
        }
        return out;
    }
}
