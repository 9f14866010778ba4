package digits.api;

import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Adapts a stored model to one writer's handwriting: a copy of it is fine-tuned on the writer's
 * images mixed with replayed images of the dataset it knows, as {@link AdaptationPolicy} says,
 * and stored as an ordinary model. One adaptation at a time.
 */
@ProviderType
public interface Adapter {

    /**
     * Starts an adaptation on a thread of its own.
     *
     * @return completes with the figures once the adapted model is stored, or exceptionally
     * @throws BusyException            when an adaptation is in progress
     * @throws IllegalArgumentException when the model, the replay dataset or the optimizer is not there
     */
    CompletionStage<AdaptationResult> adapt(AdaptationRequest request, AdaptationListener listener)
            throws BusyException;
}
