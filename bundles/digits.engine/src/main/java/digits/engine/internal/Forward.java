package digits.engine.internal;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One forward pass that keeps what calibration and "not a digit" need: the logits (before the
 * softmax, so a temperature can divide them) and what the probed hidden layers see (for distances
 * to the training digits, {@link FeatureNetwork#features}). The softmax itself is applied in
 * {@link Confidence}.
 */
final class Forward {

    final int count;
    /** {@code count * 10} logits, row per image. */
    final float[] logits;
    /** Per probed layer, {@code count * sizes[k]} features, row per image; the output layer's input last. */
    final float[][] layers;
    final int[] sizes;

    private Forward(int count, float[] logits, float[][] layers, int[] sizes) {
        this.count = count;
        this.logits = logits;
        this.layers = layers;
        this.sizes = sizes;
    }

    /** Runs {@code count} images ({@code 784} floats each) through the network, in batches of 500. */
    static Forward of(FeatureNetwork net, float[] rows, int count) {
        float[] logits = new float[count * 10];
        float[][] layers = null;
        int[] sizes = null;
        int batch = 500;
        for (int from = 0; from < count; from += batch) {
            int n = Math.min(batch, count - from);
            float[] x = new float[n * Batches.PIXELS];
            System.arraycopy(rows, from * Batches.PIXELS, x, 0, x.length);
            INDArray in = Batches.features(x, n);
            Forward f = of(net, in);
            in.close();
            if (layers == null) {
                sizes = f.sizes;
                layers = new float[sizes.length][];
                for (int k = 0; k < sizes.length; k++) {
                    layers[k] = new float[count * sizes[k]];
                }
            }
            for (int k = 0; k < sizes.length; k++) {
                System.arraycopy(f.layers[k], 0, layers[k], from * sizes[k], n * sizes[k]);
            }
            System.arraycopy(f.logits, 0, logits, from * 10, n * 10);
        }
        return new Forward(count, logits, layers == null ? new float[0][] : layers, sizes == null ? new int[0] : sizes);
    }

    /** One pass over a batch already in an array, {@code n x 784}. */
    static Forward of(FeatureNetwork net, INDArray batch) {
        return of(net, batch, true, null);
    }

    /**
     * As {@link #of(FeatureNetwork, INDArray)}; without {@code allLayers}, only the output layer's
     * input is kept. With a {@code workspace} (a recognizer lane's, {@link FeatureNetwork#laneWorkspace})
     * every array of the pass lives in it, none allocated; without, each is allocated and freed.
     */
    static Forward of(FeatureNetwork net, INDArray batch, boolean allLayers, MemoryWorkspace workspace) {
        if (workspace == null) {
            return read(net, batch, net.features(batch, allLayers));
        }
        // ND4J finds workspaces by name per thread: the lane's is this thread's for the pass.
        var workspaces = Nd4j.getWorkspaceManager();
        workspaces.setWorkspaceForCurrentThread(workspace, FeatureNetwork.LANE_WORKSPACE);
        try (MemoryWorkspace ws = workspaces.getAndActivateWorkspace(FeatureNetwork.WORKSPACE, FeatureNetwork.LANE_WORKSPACE)) {
            return read(net, batch, net.features(batch, allLayers, FeatureNetwork.IN_LANE_WORKSPACE));
        } finally {
            workspaces.setWorkspaceForCurrentThread(FeatureNetwork.noLaneWorkspace(), FeatureNetwork.LANE_WORKSPACE);
        }
    }

    /** The logits of a pass, from the output layer's input, and the features read. */
    private static Forward read(FeatureNetwork net, INDArray batch, FeatureNetwork.Probes probed) {
        int n = (int) batch.size(0);
        float[] logits = net.logits.apply(probed.rows()[probed.rows().length - 1], n);
        return new Forward(n, logits, probed.rows(), probed.sizes());
    }

    /** Image {@code i}'s features at probed layer {@code k}. */
    float[] featureRow(int k, int i) {
        float[] f = new float[sizes[k]];
        System.arraycopy(layers[k], i * sizes[k], f, 0, sizes[k]);
        return f;
    }

    /** Image {@code i}'s features at the output layer's input. */
    float[] featureRow(int i) {
        return featureRow(layers.length - 1, i);
    }

    float[] logitRow(int i) {
        float[] z = new float[10];
        System.arraycopy(logits, i * 10, z, 0, 10);
        return z;
    }
}
