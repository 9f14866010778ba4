package digits.optimizers.internal;

import digits.api.HyperParameter;
import digits.api.engine.Optimizer;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.osgi.service.component.annotations.Component;

/** Adam. */
@Component(property = Optimizer.ID_PROPERTY + "=adam")
public final class AdamOptimizer implements Optimizer {

    @Override
    public String id() {
        return "adam";
    }

    @Override
    public String description() {
        return "Adam, lr 0.001";
    }

    @Override
    public List<HyperParameter> hyperParameters() {
        return List.of(Hyper.learningRate(0.001), Hyper.beta1(), Hyper.beta2(), Hyper.epsilon(1e-7));
    }

    @Override
    public IUpdater createUpdater(Map<String, Double> values) {
        Map<String, Double> v = resolve(values);
        return new Adam(v.get("learningRate"), v.get("beta1"), v.get("beta2"), v.get("epsilon"));
    }
}
