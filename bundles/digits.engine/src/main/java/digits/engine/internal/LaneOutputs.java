package digits.engine.internal;

import java.util.Arrays;
import org.nd4j.common.util.ArrayUtil;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The output arrays of a lane's layers, kept from pass to pass. ND4J registers every array it
 * creates, workspace or not, for its own cleanup (a native shape buffer and a data buffer, each
 * behind a phantom reference on one global list): at a few thousand served batches a second those
 * references, live until the next collection, were what ParallelGC's young collections spent
 * their time on (pauses of 0.1-0.6 s in the serving benchmark, the list walked by one thread).
 * Per layer one buffer for {@link LaneLayer#MAX_BATCH} images, and over it an array per batch
 * size, each made once. One instance per lane: a pass's arrays are overwritten by the next.
 */
final class LaneOutputs {

    private final DataBuffer[] buffers;
    private final INDArray[][] arrays;
    private final INDArray[][] views;

    LaneOutputs(int layers) {
        buffers = new DataBuffer[layers];
        arrays = new INDArray[layers][];
        views = new INDArray[layers][LaneLayer.MAX_BATCH + 1];
    }

    /**
     * {@code x}, a C-ordered block of {@code n <= MAX_BATCH} images, seen as {@code shape} (the same
     * values), kept for slot {@code slot} while {@code x} is the same memory: the reshapes between
     * flat and image layers, made once per batch size rather than once a pass.
     */
    INDArray view(int slot, INDArray x, long[] shape) {
        int n = Math.toIntExact(shape[0]);
        INDArray v = views[slot][n];
        if (v == null || v.data() != x.data() || v.offset() != x.offset() || !Arrays.equals(v.shape(), shape)) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                v = Nd4j.create(x.data(), shape, Nd4j.getStrides(shape, 'c'), x.offset(), 'c');
            }
            views[slot][n] = v;
        }
        return v;
    }

    /** Layer {@code layer}'s output array of {@code shape} ({@code n} images first, at most {@link LaneLayer#MAX_BATCH}). */
    INDArray of(int layer, long[] shape) {
        int n = Math.toIntExact(shape[0]);
        long perImage = ArrayUtil.prodLong(shape) / n;
        if (n > LaneLayer.MAX_BATCH) {
            throw new IllegalArgumentException(n + " images: a lane's layers take at most " + LaneLayer.MAX_BATCH);
        }
        if (buffers[layer] == null || buffers[layer].length() != perImage * LaneLayer.MAX_BATCH) {
            // Outside the lane's workspace: these outlive the pass.
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                buffers[layer] = Nd4j.createBuffer(DataType.FLOAT, perImage * LaneLayer.MAX_BATCH, false);
            }
            arrays[layer] = new INDArray[LaneLayer.MAX_BATCH + 1];
        }
        INDArray a = arrays[layer][n];
        if (a == null || !Arrays.equals(a.shape(), shape)) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                a = Nd4j.create(buffers[layer], shape, Nd4j.getStrides(shape, 'c'), 0, 'c');
            }
            arrays[layer][n] = a;
        }
        return a;
    }

    /** Whether {@code x} lies in one of these buffers (then no one may close it). */
    boolean owns(INDArray x) {
        long address = x.data().address();
        for (DataBuffer b : buffers) {
            if (b != null && address >= b.address() && address < b.address() + b.length() * Float.BYTES) {
                return true;
            }
        }
        return false;
    }
}
