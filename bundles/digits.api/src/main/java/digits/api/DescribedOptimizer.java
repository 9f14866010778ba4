package digits.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * An optimizer as the shell, the UI and the selection see it: the service every optimizer
 * plug-in offers beside the engine's {@code digits.api.engine.Optimizer}, so that listing and
 * choosing optimizers needs no part of the engine's SPI (nor ND4J).
 */
@ConsumerType
public interface DescribedOptimizer {

    /** Its id, a line of text and its hyper-parameters with defaults. */
    OptimizerDescription describe();
}
