package digits.api;

/**
 * Emitted after each epoch; the history of a run is the list of these.
 *
 * @param epoch              zero-based epoch
 * @param trainLoss          mean training loss over the epoch
 * @param trainAccuracy      training accuracy over the epoch (with dropout and augmentation on)
 * @param validationLoss     loss on the validation split
 * @param validationAccuracy top-1 accuracy on the validation split
 * @param validationTop3     top-3 accuracy on the validation split
 * @param precision          macro-averaged precision on the validation split
 * @param recall             macro-averaged recall on the validation split
 * @param learningRate       the learning rate used in this epoch
 * @param elapsedMillis      time since the run started
 * @param etaMillis          estimated time to the last epoch
 */
public record EpochMetrics(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
        double validationAccuracy, double validationTop3, double precision, double recall, double learningRate,
        long elapsedMillis, long etaMillis) {}
