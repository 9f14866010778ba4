package digits.preprocess.internal;

/** What counts as ink in an input image, and where it is. Shared by both preprocessors. */
final class Ink {

    /**
     * Intensities at or below this are background. JPEG ringing, scanner grain and the faint halo
     * of an anti-aliased brush stay below about 25/255; a real stroke's core is far above it. Such
     * pixels are cleared, not just left out of the box, so faint noise never shifts the centre of
     * mass or turns an empty picture into a guess.
     */
    static final float THRESHOLD = 0.1f;

    /**
     * Less total ink than this (in full-ink pixels) is a stray speck, not a drawing: the image is
     * treated as empty rather than blowing a dot up to a 20-pixel blob for the model to guess at.
     */
    static final double MIN_MASS = 1.0;

    /**
     * Each side of the box may drop rows (or columns) holding together at most this fraction of
     * the ink, up to an empty line: an isolated speck away from the digit would otherwise stretch
     * the box and shrink the digit.
     */
    static final double EDGE_FRACTION = 0.002;

    /** The box {@code [x0, x1) x [y0, y1)} holding the ink, and the ink's total. */
    record Box(int x0, int y0, int x1, int y1, double mass) {
        int width() {
            return x1 - x0;
        }

        int height() {
            return y1 - y0;
        }
    }

    private Ink() {
    }

    /**
     * Clears background pixels of {@code p} in place and finds the ink's box.
     *
     * @return the box, or null when the image holds no ink
     */
    static Box clearAndFind(float[] p, int width, int height) {
        double[] rows = new double[height];
        double[] cols = new double[width];
        double total = 0;
        for (int y = 0; y < height; y++) {
            int row = y * width;
            double rowSum = 0;
            for (int x = 0; x < width; x++) {
                float v = p[row + x];
                // NaN fails the comparison too, so it is cleared with the background.
                if (v > THRESHOLD) {
                    if (v > 1) {
                        v = 1;
                        p[row + x] = 1;
                    }
                    rowSum += v;
                    cols[x] += v;
                } else {
                    p[row + x] = 0;
                }
            }
            rows[y] = rowSum;
            total += rowSum;
        }
        if (total < MIN_MASS) {
            return null;
        }
        double edge = total * EDGE_FRACTION;
        return new Box(lead(cols, edge), lead(rows, edge), trail(cols, edge), trail(rows, edge), total);
    }

    /**
     * The first index after dropping leading lines worth at most {@code edge} ink, cut only at an
     * empty line: a speck is dropped with the gap after it, while the faint first line of a
     * stroke, which touches the rest of the digit, always stays.
     */
    private static int lead(double[] sums, double edge) {
        int start = 0;
        double dropped = 0;
        for (int i = 0; i < sums.length; i++) {
            dropped += sums[i];
            if (dropped > edge) {
                break;
            }
            if (sums[i] == 0) {
                start = i + 1;
            }
        }
        return start;
    }

    /** One past the last index after dropping trailing lines the same way. */
    private static int trail(double[] sums, double edge) {
        int end = sums.length;
        double dropped = 0;
        for (int i = sums.length - 1; i >= 0; i--) {
            dropped += sums[i];
            if (dropped > edge) {
                break;
            }
            if (sums[i] == 0) {
                end = i;
            }
        }
        return end;
    }
}
