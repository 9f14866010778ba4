package digits.engine.accelerator;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Runs the training steps of a DL4J network on other hardware (the cuDNN engine: one NVIDIA GPU).
 * The trainer hands it the network as DL4J initialised or restored it, feeds it batches, and asks
 * for the network back (parameters, updater state, iteration count) whenever it validates, writes
 * a checkpoint or saves the model; so everything downstream sees an ordinary DL4J model.
 */
@ConsumerType
public interface TrainingAccelerator {

    /** One line: the device and libraries it trains on. */
    String description();

    /**
     * Takes over the training steps of {@code net}, starting from its parameters, updater state and
     * iteration count.
     *
     * @throws UnsupportedOperationException with a one-line reason a person can read (an optimizer
     *                                       or layer it has no kernel for, a library that would not
     *                                       load); the trainer then trains on the CPU
     */
    Steps open(MultiLayerNetwork net, int batchSize, long seed);

    /** The training steps of one run, in order. */
    interface Steps extends AutoCloseable {

        /**
         * Queues one step on {@code n} images (rows of 784 floats in [0, 1]) and their labels. The
         * arrays may be reused once it returns.
         *
         * @return the loss of the step before this one (so the device need not finish a step before
         *         the next batch is prepared), or NaN when none is pending
         */
        double fit(float[] images, int[] labels, int n);

        /** Waits for the queued steps; the loss of the last one, or NaN when none is pending. */
        double finish();

        void setLearningRate(double rate);

        /** Writes the parameters, updater state and iteration count into {@code net} (after {@link #finish()}). */
        void copyTo(MultiLayerNetwork net);

        @Override
        void close();
    }
}
