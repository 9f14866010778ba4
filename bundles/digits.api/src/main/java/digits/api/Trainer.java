package digits.api;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** Trains networks; one run at a time. */
@ProviderType
public interface Trainer {

    /** The architectures it can build, e.g. {@code reference}, {@code bn}. */
    List<String> architectures();

    /**
     * Starts a run on a thread of its own.
     *
     * @throws BusyException if a run is already in progress
     * @throws IllegalArgumentException if the dataset, architecture or optimizer is unknown
     */
    TrainingRun start(TrainingRequest request, TrainingListener listener) throws BusyException;

    /**
     * Continues the run whose checkpoint the model store keeps under {@code modelName}, with
     * the network and updater state as they were saved, up to {@code epochs} epochs in all (0: the
     * epochs the run was asked for).
     */
    TrainingRun resume(String modelName, int epochs, TrainingListener listener) throws BusyException;

    /** The run in progress, if any. */
    Optional<TrainingRun> current();
}
