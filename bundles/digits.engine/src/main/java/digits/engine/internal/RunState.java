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

    /**
     * The epochs in all a resumed run trains to: {@code requested}, or, when none is given (0),
     * the epochs the run was asked for in the first place.
     */
    int epochsToFinish(int requested) {
        int total = requested > 0 ? requested : request.epochs();
        if (total <= history.size()) {
            throw new IllegalArgumentException("'" + request.modelName() + "' has trained " + history.size()
                    + " of " + request.epochs() + " epochs already; resume it with more than " + history.size()
                    + " epochs in all");
        }
        return total;
    }
}
