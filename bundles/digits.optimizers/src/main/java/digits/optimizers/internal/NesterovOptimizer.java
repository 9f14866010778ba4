package digits.optimizers.internal;

import digits.api.DescribedOptimizer;
import digits.api.HyperParameter;
import digits.api.engine.Optimizer;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.osgi.service.component.annotations.Component;

/** Stochastic gradient descent with Nesterov momentum. */
@Component(service = {Optimizer.class, DescribedOptimizer.class}, property = Optimizer.ID_PROPERTY + "=nesterov")
public final class NesterovOptimizer implements Optimizer {

    @Override
    public String id() {
        return "nesterov";
    }

    @Override
    public String description() {
        return "SGD with Nesterov momentum, lr 0.01, momentum 0.9";
    }

    @Override
    public List<HyperParameter> hyperParameters() {
        return List.of(Hyper.learningRate(0.01),
                new HyperParameter("momentum", "fraction of the previous step kept", 0.9, 0.0, 0.999));
    }

    @Override
    public IUpdater createUpdater(Map<String, Double> values) {
        Map<String, Double> v = resolve(values);
        return new Nesterovs(v.get("learningRate"), v.get("momentum"));
    }
}
