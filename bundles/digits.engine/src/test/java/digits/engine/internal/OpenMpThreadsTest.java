package digits.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/** Small training steps on one OpenMP thread, larger ones and everything after them on all. */
class OpenMpThreadsTest {

    private NativeOps ops;
    private int before;

    @BeforeEach
    void twoThreads() {
        Nd4j.create(1); // loads the backend
        ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
        before = ops.ompGetMaxThreads();
        ops.setOmpNumThreads(2);
    }

    @AfterEach
    void restore() {
        ops.setOmpNumThreads(before);
    }

    @Test
    void aSmallTrainingStepRunsOnOneThreadAndTheThreadsComeBack() {
        int[] inside = new int[1];
        OpenMpThreads.trainingStep(32, () -> inside[0] = ops.ompGetMaxThreads());
        assertEquals(1, inside[0]);
        assertEquals(2, ops.ompGetMaxThreads(), "after the step");
        OpenMpThreads.trainingStep(OpenMpThreads.SMALL_TRAINING_BATCH + 1, () -> inside[0] = ops.ompGetMaxThreads());
        assertEquals(2, inside[0], "a large step");
    }

    @Test
    void aFailingStepGivesTheThreadsBackToo() {
        assertThrows(IllegalStateException.class, () -> OpenMpThreads.trainingStep(8, () -> {
            throw new IllegalStateException("planted");
        }));
        assertEquals(2, ops.ompGetMaxThreads());
    }
}
