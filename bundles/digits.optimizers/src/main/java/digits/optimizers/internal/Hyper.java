package digits.optimizers.internal;

import digits.api.HyperParameter;

/** The hyper-parameters the optimizers here share, described once. */
final class Hyper {

    private Hyper() {}

    static HyperParameter learningRate(double defaultValue) {
        return new HyperParameter("learningRate", "step size", defaultValue, 1e-6, 1.0);
    }

    static HyperParameter beta1() {
        return new HyperParameter("beta1", "decay of the first-moment (mean) estimate", 0.9, 0.0, 0.9999);
    }

    static HyperParameter beta2() {
        return new HyperParameter("beta2", "decay of the second-moment estimate", 0.999, 0.0, 0.999999);
    }

    static HyperParameter epsilon(double defaultValue) {
        return new HyperParameter("epsilon", "added to the denominator for numerical stability", defaultValue, 1e-12, 1.0);
    }
}
