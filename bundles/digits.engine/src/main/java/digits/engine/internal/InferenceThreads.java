package digits.engine.internal;

import java.util.function.Supplier;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * How many threads one forward pass uses. With a lane per core ({@link DynamicBatcher}) every
 * pass runs on the thread that runs it alone, and a batch of a few images does so in any case: its
 * layers are too small to share, and every op handed to a second OpenMP thread waits for it to
 * wake (ND4J waits passively), which on a busy machine is most of a single image's p99.
 */
final class InferenceThreads {

    /** Batches below this size run single-threaded even on a single lane. */
    static final int SMALL_BATCH = 4;

    private InferenceThreads() {}

    static <T> T run(boolean singleThreaded, Supplier<T> pass) {
        if (!singleThreaded) {
            return pass.get();
        }
        // OpenMP's thread count is per calling thread: this sets it for this pass only.
        NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
        int before = ops.ompGetMaxThreads();
        if (before <= 1) {
            return pass.get();
        }
        ops.setOmpNumThreads(1);
        try {
            return pass.get();
        } finally {
            ops.setOmpNumThreads(before);
        }
    }
}
