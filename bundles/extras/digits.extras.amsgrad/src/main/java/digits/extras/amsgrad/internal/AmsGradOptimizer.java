package digits.extras.amsgrad.internal;

import digits.api.DescribedOptimizer;
import digits.api.HyperParameter;
import digits.api.engine.Optimizer;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.learning.config.AMSGrad;
import org.nd4j.linalg.learning.config.IUpdater;
import org.osgi.service.component.annotations.Component;

/**
 * The optimizer {@code amsgrad}: an extra one, installed and uninstalled while the workbench runs.
 *
 * <p>ND4J 1.0.0-M2.1 has no AdamW updater, and the decoupled weight decay that defines AdamW
 * cannot be added from here: an {@link IUpdater} sees only the gradient, never the weights (weight
 * decay is a network-level regularization in DL4J, outside what an optimizer service hands the
 * engine). So the updater is AMSGrad, Adam whose denominator never shrinks (the running maximum of
 * the second moment), which ND4J bias-corrects as it does Adam. Its Nadam is not a candidate: it
 * leaves the second moment uncorrected, so its first steps are many times too long (19% on the
 * test images after 32 steps on 1,000 images, where Adamax reaches 61%). The description says
 * what runs.
 */
@Component(service = {Optimizer.class, DescribedOptimizer.class}, property = Optimizer.ID_PROPERTY + "=amsgrad")
public final class AmsGradOptimizer implements Optimizer {

    // Built once: a run that loses this optimizer calls hyperParameters() again as it ends, when
    // this bundle may be gone; nothing must then need loading through its class loader.
    private static final List<HyperParameter> HYPER_PARAMETERS = List.of(
            new HyperParameter("learningRate", "step size", 0.001, 1e-6, 1.0),
            new HyperParameter("beta1", "decay of the first-moment (mean) estimate", 0.9, 0.0, 0.9999),
            new HyperParameter("beta2", "decay of the second-moment estimate", 0.999, 0.0, 0.999999),
            new HyperParameter("epsilon", "added to the denominator for numerical stability", 1e-7, 1e-12, 1.0));

    @Override
    public String id() {
        return "amsgrad";
    }

    @Override
    public String description() {
        return "AMSGrad (Adam with a non-decreasing second moment), lr 0.001, epsilon 1e-7;"
                + " (AdamW itself is not in ND4J 1.0.0-M2.1)";
    }

    @Override
    public List<HyperParameter> hyperParameters() {
        return HYPER_PARAMETERS;
    }

    @Override
    public IUpdater createUpdater(Map<String, Double> values) {
        Map<String, Double> v = resolve(values);
        return AMSGrad.builder().learningRate(v.get("learningRate")).beta1(v.get("beta1")).beta2(v.get("beta2"))
                .epsilon(v.get("epsilon")).build();
    }
}
