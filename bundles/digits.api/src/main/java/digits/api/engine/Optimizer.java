package digits.api.engine;

import digits.api.DescribedOptimizer;
import digits.api.HyperParameter;
import digits.api.OptimizerDescription;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.learning.config.IUpdater;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A named optimizer the trainer can use: Adamax, Adam, Nesterov SGD, ... Extension bundles add
 * their own; the trainer picks one by {@link #id()}. Register it under both interfaces,
 * {@code @Component(service = {Optimizer.class, DescribedOptimizer.class})}: the engine uses it as
 * an {@code Optimizer}, everyone else (the selection, the shell, the UI) sees the
 * {@link DescribedOptimizer} and never imports this package.
 */
@ConsumerType
public interface Optimizer extends DescribedOptimizer {

    /** Service property naming the optimizer's id. */
    String ID_PROPERTY = "digits.optimizer.id";

    /** A short stable identifier, e.g. {@code adamax}. */
    String id();

    /** One line a person can read. */
    String description();

    /** Its hyper-parameters with defaults; the first one is the learning rate by convention. */
    List<HyperParameter> hyperParameters();

    /**
     * Makes the updater.
     *
     * @param values the requested values; missing ones take their defaults
     */
    IUpdater createUpdater(Map<String, Double> values);

    /** What clients outside the engine see of it. */
    @Override
    default OptimizerDescription describe() {
        return new OptimizerDescription(id(), description(), hyperParameters());
    }

    /** The requested values merged over the defaults. */
    default Map<String, Double> resolve(Map<String, Double> values) {
        return describe().resolve(values);
    }
}
