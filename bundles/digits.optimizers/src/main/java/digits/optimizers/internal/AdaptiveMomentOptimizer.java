package digits.optimizers.internal;

import digits.api.HyperParameter;
import digits.api.engine.Optimizer;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The Adam family (Adam, Adamax): the same four hyper-parameters, learning rate, beta1, beta2 and
 * epsilon, and an updater made from them. A member names itself and its updater.
 *
 * <p>No AdaBelief: ND4J 1.0.0-M2.1's {@code AdaBelief.instantiate} reshapes the state view to one
 * dimension and then halves its second dimension, so every network fails at its first fit
 * ({@code ArrayIndexOutOfBoundsException: Index 1 out of bounds for length 1};
 * {@code TrainingIT.everyShippedOptimizerTrainsAShortEpoch}). A subclass that fixed it would be
 * written into every saved model's configuration by its class name, which the engine cannot load.
 */
abstract class AdaptiveMomentOptimizer implements Optimizer {

    /** Makes the updater from learning rate, beta1, beta2 and epsilon. */
    interface UpdaterFactory {
        IUpdater create(double learningRate, double beta1, double beta2, double epsilon);
    }

    private final String id;
    private final String description;
    private final HyperParameter epsilon;
    private final UpdaterFactory factory;

    AdaptiveMomentOptimizer(String id, String description, HyperParameter epsilon, UpdaterFactory factory) {
        this.id = id;
        this.description = description;
        this.epsilon = epsilon;
        this.factory = factory;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final List<HyperParameter> hyperParameters() {
        return List.of(Hyper.learningRate(0.001), Hyper.beta1(), Hyper.beta2(), epsilon);
    }

    @Override
    public final IUpdater createUpdater(Map<String, Double> values) {
        Map<String, Double> v = resolve(values);
        return factory.create(v.get("learningRate"), v.get("beta1"), v.get("beta2"), v.get("epsilon"));
    }
}
