package digits.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives a run's events on the training thread; implementations must return quickly (a UI
 * hands them to its own thread).
 */
@ConsumerType
public interface TrainingListener {

    default void onStart(TrainingRequest request, int trainImages, int validationImages) {}

    default void onBatch(BatchProgress progress) {}

    default void onEpoch(EpochMetrics metrics) {}

    /** A line worth showing: a checkpoint written, an optimizer gone, a fallback taken. */
    default void onMessage(String message) {}

    default void onFinished(TrainingOutcome outcome) {}
}
