package digits.engine.internal;

/**
 * The training digits in one layer's feature space (e.g. the output layer's input): a mean per
 * class and one shared covariance, as in Lee et al. (2018). The distance of an input to the
 * nearest class mean, measured with that covariance (Mahalanobis), tells how unlike the
 * training digits it is.
 */
final class FeatureStats {

    final int classes;
    final int size;
    /** {@code classes * size} class means. */
    final double[] means;
    /** {@code size * size} inverse of the shared covariance. */
    final double[] precision;
    /** {@code classes} values of mean_c' P mean_c, so a distance costs one matrix-vector product. */
    private final double[] meanNorms;
    /**
     * The precision as float32, as it is stored ({@link #write}): half the memory a distance
     * reads (the matrix does not fit in the core's cache), with the same values a stored model has.
     */
    private final float[] precision32;

    FeatureStats(int classes, int size, double[] means, double[] precision) {
        this.classes = classes;
        this.size = size;
        this.means = means;
        this.precision = precision;
        precision32 = new float[precision.length];
        for (int i = 0; i < precision.length; i++) {
            precision32[i] = (float) precision[i];
        }
        meanNorms = new double[classes];
        for (int c = 0; c < classes; c++) {
            double[] pm = times(precision, means, c * size, size);
            for (int k = 0; k < size; k++) {
                meanNorms[c] += means[c * size + k] * pm[k];
            }
        }
    }

    /**
     * Fits the means and the shared covariance (with a small ridge so it inverts) on the first
     * {@code count} labelled rows of {@code features}, {@code d} values each.
     */
    static FeatureStats fit(float[] features, int d, int count, int[] labels, int classes) {
        double[] means = new double[classes * d];
        int[] counts = new int[classes];
        for (int i = 0; i < count; i++) {
            counts[labels[i]]++;
            for (int k = 0; k < d; k++) {
                means[labels[i] * d + k] += features[i * d + k];
            }
        }
        for (int c = 0; c < classes; c++) {
            for (int k = 0; k < d; k++) {
                means[c * d + k] /= Math.max(1, counts[c]);
            }
        }
        double[] cov = new double[d * d];
        double[] x = new double[d];
        for (int i = 0; i < count; i++) {
            for (int k = 0; k < d; k++) {
                x[k] = features[i * d + k] - means[labels[i] * d + k];
            }
            for (int r = 0; r < d; r++) {
                double xr = x[r];
                if (xr == 0) {
                    continue;
                }
                for (int c = r; c < d; c++) {
                    cov[r * d + c] += xr * x[c];
                }
            }
        }
        double trace = 0;
        for (int r = 0; r < d; r++) {
            for (int c = r; c < d; c++) {
                cov[r * d + c] /= Math.max(1, count - classes);
                cov[c * d + r] = cov[r * d + c];
            }
            trace += cov[r * d + r];
        }
        // Features after ReLU and batch norm can be constant (dead units): the ridge keeps the
        // covariance invertible without changing distances along the directions that vary.
        double ridge = 1e-3 * trace / d + 1e-9;
        for (int r = 0; r < d; r++) {
            cov[r * d + r] += ridge;
        }
        return new FeatureStats(classes, d, means, invertSpd(cov, d));
    }

    /** The squared Mahalanobis distance to the nearest class mean. */
    double distance(float[] feature) {
        double[] x = new double[size];
        for (int k = 0; k < size; k++) {
            x[k] = feature[k];
        }
        // P x as a sum of P's rows scaled by x (P is symmetric): loops the JIT vectorises, unlike
        // the dot products of P x row by row (a third of the time for 256 features).
        double[] px = new double[size];
        for (int k = 0; k < size; k++) {
            double xk = x[k];
            int row = k * size;
            for (int j = 0; j < size; j++) {
                px[j] += xk * precision32[row + j];
            }
        }
        double xpx = 0;
        for (int k = 0; k < size; k++) {
            xpx += x[k] * px[k];
        }
        double best = Double.POSITIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            double mpx = 0;
            for (int k = 0; k < size; k++) {
                mpx += means[c * size + k] * px[k];
            }
            best = Math.min(best, xpx - 2 * mpx + meanNorms[c]);
        }
        return best;
    }

    /** Means, then the upper triangle of the precision, as float32 (half a megabyte for 256 features). */
    void write(java.io.DataOutputStream out) throws java.io.IOException {
        out.writeInt(classes);
        out.writeInt(size);
        for (double m : means) {
            out.writeFloat((float) m);
        }
        for (int r = 0; r < size; r++) {
            for (int c = r; c < size; c++) {
                out.writeFloat((float) precision[r * size + c]);
            }
        }
    }

    static FeatureStats read(java.io.DataInputStream in) throws java.io.IOException {
        int classes = in.readInt();
        int size = in.readInt();
        if (classes <= 0 || classes > 1000 || size <= 0 || size > 100_000) {
            throw new java.io.IOException("bad header: " + classes + " classes, " + size + " features");
        }
        double[] means = new double[classes * size];
        for (int i = 0; i < means.length; i++) {
            means[i] = in.readFloat();
        }
        double[] precision = new double[size * size];
        for (int r = 0; r < size; r++) {
            for (int c = r; c < size; c++) {
                precision[r * size + c] = in.readFloat();
                precision[c * size + r] = precision[r * size + c];
            }
        }
        return new FeatureStats(classes, size, means, precision);
    }

    private static double[] times(double[] m, double[] v, int offset, int d) {
        double[] out = new double[d];
        for (int r = 0; r < d; r++) {
            double s = 0;
            for (int c = 0; c < d; c++) {
                s += m[r * d + c] * v[offset + c];
            }
            out[r] = s;
        }
        return out;
    }

    /** Inverse of a symmetric positive definite matrix by Cholesky decomposition. */
    static double[] invertSpd(double[] a, int d) {
        double[] l = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i * d + j];
                for (int k = 0; k < j; k++) {
                    s -= l[i * d + k] * l[j * d + k];
                }
                if (i == j) {
                    if (s <= 0) {
                        throw new IllegalArgumentException("the feature covariance is not positive definite");
                    }
                    l[i * d + i] = Math.sqrt(s);
                } else {
                    l[i * d + j] = s / l[j * d + j];
                }
            }
        }
        // inv(L), lower triangular, then inv(A) = inv(L)' inv(L).
        double[] li = new double[d * d];
        for (int i = 0; i < d; i++) {
            li[i * d + i] = 1 / l[i * d + i];
            for (int j = 0; j < i; j++) {
                double s = 0;
                for (int k = j; k < i; k++) {
                    s -= l[i * d + k] * li[k * d + j];
                }
                li[i * d + j] = s / l[i * d + i];
            }
        }
        double[] inv = new double[d * d];
        for (int r = 0; r < d; r++) {
            for (int c = r; c < d; c++) {
                double s = 0;
                for (int k = c; k < d; k++) {
                    s += li[k * d + r] * li[k * d + c];
                }
                inv[r * d + c] = s;
                inv[c * d + r] = s;
            }
        }
        return inv;
    }
}
