package digits.engine.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * "Not a digit" from several layers at once (the feature ensemble of Lee et al., 2018): per
 * probed layer ({@link FeatureNetwork#features}) the Mahalanobis distance to the nearest class
 * mean of the training digits, each put on one scale by its median and spread on held-out digits,
 * and summed. Early layers see strokes against filled shapes (garments), late ones shapes
 * unlike any digit (letters, scribbles); README, "Not a digit", has the figures per layer.
 */
final class FeatureEnsemble {

    final FeatureStats[] layers;
    /** Per layer, the median of the held-out digits' distances. */
    final double[] centres;
    /** Per layer, their spread (median absolute deviation, scaled to a standard deviation). */
    final double[] scales;

    FeatureEnsemble(FeatureStats[] layers, double[] centres, double[] scales) {
        if (layers.length == 0 || centres.length != layers.length || scales.length != layers.length) {
            throw new IllegalArgumentException("need one centre and scale per layer, got " + layers.length + " layers, "
                    + centres.length + " centres, " + scales.length + " scales");
        }
        this.layers = layers;
        this.centres = centres;
        this.scales = scales;
    }

    /** Fits the layers' statistics on the first {@code count} training images of {@code train}. */
    static FeatureStats[] fit(Forward train, int count, int[] labels) {
        FeatureStats[] stats = new FeatureStats[train.layers.length];
        for (int k = 0; k < stats.length; k++) {
            stats[k] = FeatureStats.fit(train.layers[k], train.sizes[k], count, labels, 10);
        }
        return stats;
    }

    /** Puts each layer's distances on one scale, from the held-out digits in {@code heldOut}. */
    static FeatureEnsemble normalized(FeatureStats[] stats, Forward... heldOut) {
        double[] centres = new double[stats.length];
        double[] scales = new double[stats.length];
        for (int k = 0; k < stats.length; k++) {
            int total = 0;
            for (Forward f : heldOut) {
                total += f.count;
            }
            double[] d = new double[total];
            int at = 0;
            for (Forward f : heldOut) {
                for (int i = 0; i < f.count; i++) {
                    d[at++] = stats[k].distance(f.featureRow(k, i));
                }
            }
            centres[k] = median(d);
            double[] dev = new double[d.length];
            for (int i = 0; i < d.length; i++) {
                dev[i] = Math.abs(d[i] - centres[k]);
            }
            scales[k] = Math.max(1e-9, 1.4826 * median(dev));
        }
        return new FeatureEnsemble(stats, centres, scales);
    }

    /** Higher is more digit-like: minus the sum of the layers' normalized distances. */
    double score(Forward f, int i) {
        if (f.layers.length != layers.length) {
            throw new IllegalStateException("the network has " + f.layers.length + " probed layers, the statistics "
                    + layers.length + ": they were fitted on another network");
        }
        double sum = 0;
        for (int k = 0; k < layers.length; k++) {
            sum += (layers[k].distance(f.featureRow(k, i)) - centres[k]) / scales[k];
        }
        return -sum;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length == 0 ? 0 : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    void write(DataOutputStream out) throws IOException {
        out.writeInt(layers.length);
        for (int k = 0; k < layers.length; k++) {
            out.writeDouble(centres[k]);
            out.writeDouble(scales[k]);
            layers[k].write(out);
        }
    }

    static FeatureEnsemble read(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n <= 0 || n > 100) {
            throw new IOException("bad header: " + n + " layers");
        }
        FeatureStats[] stats = new FeatureStats[n];
        double[] centres = new double[n];
        double[] scales = new double[n];
        for (int k = 0; k < n; k++) {
            centres[k] = in.readDouble();
            scales[k] = in.readDouble();
            stats[k] = FeatureStats.read(in);
        }
        return new FeatureEnsemble(stats, centres, scales);
    }
}
