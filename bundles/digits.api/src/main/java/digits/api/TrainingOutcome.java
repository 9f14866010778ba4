package digits.api;

import java.util.List;

/**
 * How a run ended.
 *
 * @param state      how it ended
 * @param modelName  the stored model (the best epoch by validation loss); empty if none was stored
 * @param checkpoint the checkpoint file a resume starts from; empty if none was written
 * @param message    a sentence for the user: why it stopped, or the error
 * @param history    every epoch's metrics
 */
public record TrainingOutcome(State state, String modelName, String checkpoint, String message,
        List<EpochMetrics> history) {

    public enum State {
        /** All epochs ran. */
        COMPLETED,
        /** Early stopping ended it. */
        EARLY_STOPPED,
        /** The user stopped it. */
        STOPPED,
        /** Something it needed went away or broke; {@code message} says what. */
        FAILED
    }

    public TrainingOutcome {
        history = List.copyOf(history);
    }
}
