package digits.optimizers.internal;

import digits.api.DescribedOptimizer;
import digits.api.HyperParameter;
import digits.api.engine.Optimizer;
import org.nd4j.linalg.learning.config.AdaBelief;
import org.osgi.service.component.annotations.Component;

/** AdaBelief: Adam whose step adapts to the belief in the observed gradient. */
@Component(service = {Optimizer.class, DescribedOptimizer.class}, property = Optimizer.ID_PROPERTY + "=adabelief")
public final class AdaBeliefOptimizer extends AdaptiveMomentOptimizer {

    public AdaBeliefOptimizer() {
        super("adabelief", "AdaBelief, lr 0.001",
                new HyperParameter("epsilon", "added to the denominator for numerical stability", 1e-14, 1e-16, 1.0),
                (lr, beta1, beta2, eps) -> AdaBelief.builder().learningRate(lr).beta1(beta1).beta2(beta2).epsilon(eps).build());
    }
}
