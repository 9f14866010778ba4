package digits.optimizers.internal;

import digits.api.HyperParameter;
import digits.api.engine.Optimizer;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.learning.config.AdaBelief;
import org.nd4j.linalg.learning.config.IUpdater;
import org.osgi.service.component.annotations.Component;

/** AdaBelief: Adam whose step adapts to the belief in the observed gradient. */
@Component(property = Optimizer.ID_PROPERTY + "=adabelief")
public final class AdaBeliefOptimizer implements Optimizer {

    @Override
    public String id() {
        return "adabelief";
    }

    @Override
    public String description() {
        return "AdaBelief, lr 0.001";
    }

    @Override
    public List<HyperParameter> hyperParameters() {
        return List.of(Hyper.learningRate(0.001), Hyper.beta1(), Hyper.beta2(),
                new HyperParameter("epsilon", "added to the denominator for numerical stability", 1e-14, 1e-16, 1.0));
    }

    @Override
    public IUpdater createUpdater(Map<String, Double> values) {
        Map<String, Double> v = resolve(values);
        return AdaBelief.builder().learningRate(v.get("learningRate")).beta1(v.get("beta1")).beta2(v.get("beta2"))
                .epsilon(v.get("epsilon")).build();
    }
}
