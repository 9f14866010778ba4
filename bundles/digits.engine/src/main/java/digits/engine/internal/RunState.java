package digits.engine.internal;

import digits.api.EpochMetrics;
import digits.api.TrainingRequest;
import java.util.List;

/**
 * What a checkpoint folder ({@code models/NAME.d/}) records beside {@code checkpoint.zip}: the
 * request and the history, so a run can be resumed and reported.
 *
 * @param bestValidationLoss the best validation loss so far (the stored model's)
 * @param epochsWithoutImprovement for early stopping across a resume
 */
record RunState(TrainingRequest request, List<EpochMetrics> history, double bestValidationLoss,
        int epochsWithoutImprovement, String datasetChecksum) {

    static final String CHECKPOINT = "checkpoint.zip";
    static final String STATE = "run.json";
}
