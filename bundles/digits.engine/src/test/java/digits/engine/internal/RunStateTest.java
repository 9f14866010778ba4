package digits.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.EpochMetrics;
import digits.api.TrainingRequest;
import org.junit.jupiter.api.Test;

class RunStateTest {

    private static RunState stoppedAfter(int epochsDone, int asked) {
        EpochMetrics epoch = new EpochMetrics(0, 1, 0.5, 1, 0.5, 0.7, 0.5, 0.5, 0.001, 1000, 1000);
        return new RunState(TrainingRequest.defaults("mnist").withModelName("run").withEpochs(asked),
                java.util.Collections.nCopies(epochsDone, epoch), 1.0, 0, "sum");
    }

    @Test
    void resumeWithoutATotalFinishesTheEpochsTheRunWasAskedFor() {
        // killed in epoch 2 of 3: one whole epoch in the history
        assertEquals(3, stoppedAfter(1, 3).epochsToFinish(0));
    }

    @Test
    void resumeWithATotalTrainsToThatTotal() {
        assertEquals(5, stoppedAfter(1, 3).epochsToFinish(5));
    }

    @Test
    void aTotalAlreadyReachedIsRefusedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> stoppedAfter(3, 3).epochsToFinish(0));
        assertTrue(e.getMessage().contains("has trained 3 of 3 epochs"), e.getMessage());
    }
}
