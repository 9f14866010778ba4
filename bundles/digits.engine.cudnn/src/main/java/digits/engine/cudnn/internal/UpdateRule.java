package digits.engine.cudnn.internal;

/**
 * An optimizer's update rule as the GPU kernels apply it, in plain values: the shipped
 * optimizers' ND4J updaters (Adam, AdaMax, AdaBelief, Nesterovs, RmsProp) with their
 * hyper-parameters. The formulas are ND4J 1.0.0-M2.1's (Kernels.UPDATE has them).
 *
 * @param kind the kernel: adam, adamax, adabelief, nesterovs or rmsprop
 */
record UpdateRule(String kind, double learningRate, double beta1, double beta2, double epsilon, double momentum,
        double decay) {

    /** State arrays per parameter, as DL4J's updater keeps them (its state vector's layout). */
    int slots() {
        return switch (kind) {
            case "adam", "adamax", "adabelief" -> 2;
            case "nesterovs", "rmsprop" -> 1;
            default -> throw new IllegalArgumentException("no GPU kernel for update rule '" + kind + "'");
        };
    }

    UpdateRule withLearningRate(double rate) {
        return new UpdateRule(kind, rate, beta1, beta2, epsilon, momentum, decay);
    }

    String text() {
        return String.join(" ", kind, "" + learningRate, "" + beta1, "" + beta2, "" + epsilon, "" + momentum, "" + decay);
    }

    static UpdateRule parse(String line) {
        String[] f = line.trim().split(" ");
        return new UpdateRule(f[0], Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]));
    }
}
