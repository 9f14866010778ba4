package digits.optimizers.internal;

import digits.api.DescribedOptimizer;
import digits.api.engine.Optimizer;
import org.nd4j.linalg.learning.config.AdaMax;
import org.osgi.service.component.annotations.Component;

/**
 * Adamax, the reference model's optimizer. Epsilon is 1e-7 as in Keras (DL4J's own default is
 * 1e-8), so a run with the defaults reproduces the reference's settings.
 */
@Component(service = {Optimizer.class, DescribedOptimizer.class}, property = {Optimizer.ID_PROPERTY + "=adamax", "service.ranking:Integer=100"})
public final class AdamaxOptimizer extends AdaptiveMomentOptimizer {

    public AdamaxOptimizer() {
        super("adamax", "Adamax (Adam with the infinity norm), lr 0.001, epsilon 1e-7: the reference's optimizer",
                Hyper.epsilon(1e-7), AdaMax::new);
    }
}
