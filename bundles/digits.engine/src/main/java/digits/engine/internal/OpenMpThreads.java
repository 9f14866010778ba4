package digits.engine.internal;

import java.util.function.Supplier;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * How many OpenMP threads a forward pass or a training step uses, the one place that decides it.
 * A small batch runs on the calling thread alone: its ops are too small to share, and each op
 * handed to a second thread waits for it to wake (ND4J waits passively). With a lane per core
 * ({@link DynamicBatcher}) every pass runs on its thread alone, and a batch of a few images does
 * so in any case (on a busy machine the wake-ups were most of a single image's p99). Training
 * steps of up to {@link #SMALL_TRAINING_BATCH} images do too: the reference CNN at batch 32
 * trained 13% faster so (1,388 against 1,228 img/s, two runs each), at 64 alike, at 128 6% slower.
 */
final class OpenMpThreads {

    /** Forward passes below this size run single-threaded even on a single lane. */
    static final int SMALL_BATCH = 4;
    /** Training steps up to this size run single-threaded. */
    static final int SMALL_TRAINING_BATCH = 64;

    private OpenMpThreads() {}

    static <T> T run(boolean singleThreaded, Supplier<T> work) {
        if (!singleThreaded) {
            return work.get();
        }
        // OpenMP's thread count is per calling thread: this sets it for this work only.
        NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
        int before = ops.ompGetMaxThreads();
        if (before <= 1) {
            return work.get();
        }
        ops.setOmpNumThreads(1);
        try {
            return work.get();
        } finally {
            ops.setOmpNumThreads(before);
        }
    }

    /** A training step of {@code batch} images on the threads its size calls for. */
    static void trainingStep(int batch, Runnable step) {
        run(batch <= SMALL_TRAINING_BATCH, () -> {
            step.run();
            return null;
        });
    }
}
