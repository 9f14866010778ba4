package digits.engine.cudnn.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Where each tensor of the network lies in DL4J's flat parameter vector, and where the updater's
 * state lies in DL4J's flat state vector. The GPU engine keeps all parameters in one device buffer
 * in DL4J's order (so uploading and downloading them is one copy each way, exactly) and addresses
 * each tensor by its offset here:
 * <ul>
 * <li>convolution: bias [O], then weights [O][I][kH][kW] (OIHW, as cuDNN takes them);</li>
 * <li>dense and output: weights [I][O] in column-major order, which is row-major [O][I] (the
 * matrix cuBLAS multiplies the batch by), then bias [O];</li>
 * <li>batch normalisation: gamma, beta, running mean, running variance (or DL4J's log10 of the
 * standard deviation), [C] each.</li>
 * </ul>
 * DL4J's updater splits the vector into blocks of consecutive parameters trained by the same rule
 * (batch normalisation's running statistics are not trained by gradient: they end a block) and
 * stores a rule's state arrays block by block: [slot 0 of the block][slot 1 of the block]...
 */
final class ParamLayout {

    /** One tensor: its layer, name ({@code W}, {@code b}, {@code gamma}, ...), offset and length. */
    record Tensor(int layer, String name, int offset, int length, boolean trained) {}

    /** Consecutive trained parameters {@code [start, end)}: one of DL4J's updater blocks. */
    record Block(int start, int end) {
        int length() {
            return end - start;
        }
    }

    final List<Tensor> tensors;
    final List<Block> blocks;
    final int params;

    ParamLayout(NetSpec spec) {
        List<Tensor> t = new ArrayList<>();
        int offset = 0;
        for (int i = 0; i < spec.layers().size(); i++) {
            NetSpec.Layer l = spec.layers().get(i);
            switch (l.kind()) {
                case CONV -> {
                    offset = add(t, i, "b", offset, l.outC(), true);
                    offset = add(t, i, "W", offset, l.outC() * l.inC() * l.kernel() * l.kernel(), true);
                }
                case DENSE, OUTPUT -> {
                    offset = add(t, i, "W", offset, l.inSize() * l.outC(), true);
                    offset = add(t, i, "b", offset, l.outC(), true);
                }
                case BATCHNORM -> {
                    offset = add(t, i, "gamma", offset, l.outC(), true);
                    offset = add(t, i, "beta", offset, l.outC(), true);
                    offset = add(t, i, "mean", offset, l.outC(), false);
                    offset = add(t, i, l.logStd() ? "log10stdev" : "var", offset, l.outC(), false);
                }
                case POOL -> { }
            }
        }
        tensors = List.copyOf(t);
        params = offset;
        blocks = blocks(tensors);
    }

    private static int add(List<Tensor> t, int layer, String name, int offset, int length, boolean trained) {
        t.add(new Tensor(layer, name, offset, length, trained));
        return offset + length;
    }

    private static List<Block> blocks(List<Tensor> tensors) {
        List<Block> out = new ArrayList<>();
        int start = -1;
        int end = -1;
        for (Tensor t : tensors) {
            if (t.trained() && start >= 0 && t.offset() == end) {
                end += t.length();
            } else if (t.trained()) {
                if (start >= 0) {
                    out.add(new Block(start, end));
                }
                start = t.offset();
                end = start + t.length();
            } else if (start >= 0) {
                out.add(new Block(start, end));
                start = -1;
            }
        }
        if (start >= 0) {
            out.add(new Block(start, end));
        }
        return out;
    }

    /** The tensor of a layer by name. */
    Tensor tensor(int layer, String name) {
        return tensors.stream().filter(t -> t.layer() == layer && t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("layer " + layer + " has no parameter " + name));
    }

    /** The engine's buffers, one per tensor in {@link #tensors}' order, cut from DL4J's flat vector. */
    float[][] toBuffers(float[] flat) {
        checkLength(flat, params, "the parameter vector");
        float[][] out = new float[tensors.size()][];
        for (int i = 0; i < out.length; i++) {
            Tensor t = tensors.get(i);
            out[i] = java.util.Arrays.copyOfRange(flat, t.offset(), t.offset() + t.length());
        }
        return out;
    }

    /** DL4J's flat vector from the engine's buffers. */
    float[] fromBuffers(float[][] buffers) {
        if (buffers.length != tensors.size()) {
            throw new IllegalArgumentException(buffers.length + " buffers; the network has " + tensors.size() + " tensors");
        }
        float[] flat = new float[params];
        for (int i = 0; i < buffers.length; i++) {
            Tensor t = tensors.get(i);
            checkLength(buffers[i], t.length(), "layer " + t.layer() + " " + t.name());
            System.arraycopy(buffers[i], 0, flat, t.offset(), t.length());
        }
        return flat;
    }

    /** 1 where a parameter is trained by the update rule, 0 where it is not (running statistics). */
    float[] trainedMask() {
        float[] mask = new float[params];
        for (Tensor t : tensors) {
            if (t.trained()) {
                java.util.Arrays.fill(mask, t.offset(), t.offset() + t.length(), 1f);
            }
        }
        return mask;
    }

    /** The length of DL4J's state vector for a rule with {@code slots} state arrays per parameter. */
    int stateLength(int slots) {
        return slots * blocks.stream().mapToInt(Block::length).sum();
    }

    /**
     * DL4J's state vector as one full-length array per slot (zero where a parameter is not
     * trained), the engine's form.
     */
    float[][] stateToEngine(float[] dl4j, int slots) {
        checkLength(dl4j, stateLength(slots), "updater state");
        float[][] out = new float[slots][params];
        int at = 0;
        for (Block b : blocks) {
            for (int s = 0; s < slots; s++) {
                System.arraycopy(dl4j, at, out[s], b.start(), b.length());
                at += b.length();
            }
        }
        return out;
    }

    /** The inverse of {@link #stateToEngine}. */
    float[] stateToDl4j(float[][] engine) {
        int slots = engine.length;
        float[] out = new float[stateLength(slots)];
        int at = 0;
        for (Block b : blocks) {
            for (int s = 0; s < slots; s++) {
                checkLength(engine[s], params, "state slot " + s);
                System.arraycopy(engine[s], b.start(), out, at, b.length());
                at += b.length();
            }
        }
        return out;
    }

    static void checkLength(float[] a, int expected, String what) {
        if (a.length != expected) {
            throw new IllegalArgumentException(what + " has " + a.length + " values; the network needs " + expected);
        }
    }
}
