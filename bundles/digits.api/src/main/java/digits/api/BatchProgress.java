package digits.api;

/**
 * Emitted after each batch.
 *
 * @param epoch          zero-based epoch
 * @param batch          zero-based batch within the epoch
 * @param batchesPerEpoch batches in one epoch
 * @param loss           the batch's training loss
 * @param imagesPerSecond throughput over the recent batches
 */
public record BatchProgress(int epoch, int batch, int batchesPerEpoch, double loss, double imagesPerSecond) {

    /** Fraction of the whole run done, given the number of epochs. */
    public double fractionDone(int epochs) {
        return (epoch + (batch + 1) / (double) batchesPerEpoch) / epochs;
    }
}
