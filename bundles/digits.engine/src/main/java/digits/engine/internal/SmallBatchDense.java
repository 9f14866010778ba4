package digits.engine.internal;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Inference's dense layer for the few images of a served batch: {@code relu(x W + b)} in plain
 * loops over weights copied once, row by row. For a handful of rows OpenBLAS spends its time
 * packing the whole weight matrix (a megabyte for the deep network's Dense256) and waking its
 * threads, which spin; larger batches (an evaluation's) still go to it. The logits of every
 * pass (the output layer before its softmax, ten outputs) are computed here too.
 */
final class SmallBatchDense implements LaneLayer {

    private final int in;
    private final int out;
    private final float[][] weights; // in rows of out
    private final float[] bias;
    private final boolean relu;

    private SmallBatchDense(Layer layer, boolean relu) {
        INDArray w = layer.getParam("W");
        this.in = Math.toIntExact(w.size(0));
        this.out = Math.toIntExact(w.size(1));
        float[] flat = w.dup('c').data().asFloat();
        this.weights = new float[in][];
        for (int i = 0; i < in; i++) {
            weights[i] = java.util.Arrays.copyOfRange(flat, i * out, (i + 1) * out);
        }
        this.bias = layer.getParam("b").dup('c').data().asFloat();
        this.relu = relu;
    }

    /** The output layer's {@code x W + b}, its activation (the softmax) left to the caller. */
    static SmallBatchDense logits(Layer output) {
        return new SmallBatchDense(output, false);
    }

    /** The layer computed here, or null when it is not a plain dense layer with a ReLU or no activation. */
    static SmallBatchDense of(Layer layer) {
        if (!(layer.conf().getLayer() instanceof DenseLayer d) || d.hasLayerNorm() || !d.hasBias()
                || layer.getParam("W") == null || layer.getParam("W").rank() != 2) {
            return null;
        }
        Boolean relu = LaneLayer.isRelu(d.getActivationFn());
        return relu == null ? null : new SmallBatchDense(layer, relu);
    }

    private static void axpy(float[] z, float[] w, float v) {
        for (int j = 0; j < z.length; j++) {
            z[j] += v * w[j];
        }
    }

    /**
     * Batches of up to this many multiply-adds ({@code n * in * out}): beyond, OpenBLAS's packing
     * is paid back. Measured per pass on one thread: 1600x128 (the reference CNN's Dense128) 214
     * against 164-272 us at 8 images, 448 against 185 at 16; 1024x256 230 against 244 at 8, 407
     * against 271 at 16; 128x64 70 against 94 at 32.
     */
    static final long MAX_MULTIPLY_ADDS = 2_000_000;

    @Override
    public boolean handles(long n) {
        return n <= MAX_BATCH && n * in * out <= MAX_MULTIPLY_ADDS;
    }

    /** It only reads its own copy of the weights: every lane can share it. */
    @Override
    public SmallBatchDense forAnotherLane() {
        return this;
    }

    /** {@code n x in} to {@code n x out}. */
    @Override
    public long[] outputShape(long[] s) {
        return new long[] {s[0], out};
    }

    @Override
    public void apply(INDArray x, INDArray result) {
        InPlace.Floats.of(result).put(0, apply(InPlace.floats(x), Math.toIntExact(x.size(0))));
    }

    /** {@code n} rows of {@code in} values to {@code n} rows of {@code out}, row by row. */
    float[] apply(float[] rows, int n) {
        float[][] z = new float[n][];
        for (int r = 0; r < n; r++) {
            z[r] = bias.clone();
        }
        // A weight row and an output row per array, both read from their start: C2 vectorises
        // z += v * w only when it can tell the two apart (a flat matrix with offsets ran 7x
        // slower). Blocks of weight rows stay in cache while every image reads them.
        for (int i0 = 0; i0 < in; i0 += 64) {
            int i1 = Math.min(in, i0 + 64);
            for (int r = 0; r < n; r++) {
                float[] zr = z[r];
                for (int i = i0; i < i1; i++) {
                    float v = rows[r * in + i];
                    if (v != 0) { // inputs after a ReLU are mostly zero
                        axpy(zr, weights[i], v);
                    }
                }
            }
        }
        float[] flat = new float[n * out];
        for (int r = 0; r < n; r++) {
            float[] zr = z[r];
            if (relu) {
                for (int j = 0; j < out; j++) {
                    zr[j] = Math.max(zr[j], 0f);
                }
            }
            System.arraycopy(zr, 0, flat, r * out, out);
        }
        return flat;
    }
}
