package digits.api;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/** A training run in progress or finished. */
@ProviderType
public interface TrainingRun {

    TrainingRequest request();

    /** Asks the run to stop after the current batch; the best model so far is kept. */
    void stop();

    /** Completes when the run has ended, however it ended. */
    CompletionStage<TrainingOutcome> completion();

    /** The metrics of the epochs done so far. */
    List<EpochMetrics> history();
}
