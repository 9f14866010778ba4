package digits.optimizers.internal;

import digits.api.DescribedOptimizer;
import digits.api.engine.Optimizer;
import org.nd4j.linalg.learning.config.Adam;
import org.osgi.service.component.annotations.Component;

/** Adam. */
@Component(service = {Optimizer.class, DescribedOptimizer.class}, property = Optimizer.ID_PROPERTY + "=adam")
public final class AdamOptimizer extends AdaptiveMomentOptimizer {

    public AdamOptimizer() {
        super("adam", "Adam, lr 0.001", Hyper.epsilon(1e-7), Adam::new);
    }
}
