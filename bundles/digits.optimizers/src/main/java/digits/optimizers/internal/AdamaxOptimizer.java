package digits.optimizers.internal;

import digits.api.HyperParameter;
import digits.api.engine.Optimizer;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.learning.config.AdaMax;
import org.nd4j.linalg.learning.config.IUpdater;
import org.osgi.service.component.annotations.Component;

/**
 * Adamax, the reference model's optimizer. Epsilon is 1e-7 as in Keras (DL4J's own default is
 * 1e-8), so a run with the defaults reproduces the reference's settings.
 */
@Component(property = {Optimizer.ID_PROPERTY + "=adamax", "service.ranking:Integer=100"})
public final class AdamaxOptimizer implements Optimizer {

    @Override
    public String id() {
        return "adamax";
    }

    @Override
    public String description() {
        return "Adamax (Adam with the infinity norm), lr 0.001, epsilon 1e-7: the reference's optimizer";
    }

    @Override
    public List<HyperParameter> hyperParameters() {
        return List.of(Hyper.learningRate(0.001), Hyper.beta1(), Hyper.beta2(), Hyper.epsilon(1e-7));
    }

    @Override
    public IUpdater createUpdater(Map<String, Double> values) {
        Map<String, Double> v = resolve(values);
        return new AdaMax(v.get("learningRate"), v.get("beta1"), v.get("beta2"), v.get("epsilon"));
    }
}
