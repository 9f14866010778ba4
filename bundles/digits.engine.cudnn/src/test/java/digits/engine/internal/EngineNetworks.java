package digits.engine.internal;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.config.IUpdater;

/** The CPU engine's networks for this module's tests and the GPU reference (its Networks is package-private). */
public final class EngineNetworks {

    private EngineNetworks() {}

    public static final java.util.List<String> NAMES = Networks.NAMES;

    public static MultiLayerNetwork build(String architecture, IUpdater updater, long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(Networks.build(architecture, updater, seed));
        net.init();
        return net;
    }
}
