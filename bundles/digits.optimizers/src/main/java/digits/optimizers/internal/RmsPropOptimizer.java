package digits.optimizers.internal;

import digits.api.DescribedOptimizer;
import digits.api.HyperParameter;
import digits.api.engine.Optimizer;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.RmsProp;
import org.osgi.service.component.annotations.Component;

/** RMSProp. */
@Component(service = {Optimizer.class, DescribedOptimizer.class}, property = Optimizer.ID_PROPERTY + "=rmsprop")
public final class RmsPropOptimizer implements Optimizer {

    @Override
    public String id() {
        return "rmsprop";
    }

    @Override
    public String description() {
        return "RMSProp, lr 0.001, decay 0.9";
    }

    @Override
    public List<HyperParameter> hyperParameters() {
        return List.of(Hyper.learningRate(0.001),
                new HyperParameter("decay", "decay of the squared-gradient average", 0.9, 0.0, 0.9999),
                Hyper.epsilon(1e-7));
    }

    @Override
    public IUpdater createUpdater(Map<String, Double> values) {
        Map<String, Double> v = resolve(values);
        return new RmsProp(v.get("learningRate"), v.get("decay"), v.get("epsilon"));
    }
}
