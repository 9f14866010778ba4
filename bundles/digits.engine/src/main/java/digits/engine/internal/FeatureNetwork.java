package digits.engine.internal;

import org.deeplearning4j.nn.api.FwdPassType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A stored network that also answers the output of its last hidden layer. DL4J offers that only
 * to subclasses ({@code outputOfLayerDetached}); the public alternatives (feedForward,
 * activateSelectedLayers) keep every layer's activations outside workspaces, which the garbage
 * collector frees too late: scoring the training set that way grew the process past 20 GB.
 */
final class FeatureNetwork extends MultiLayerNetwork {

    private FeatureNetwork(MultiLayerNetwork trained) {
        super(trained.getLayerWiseConfigurations());
        init(trained.params(), false);
    }

    static FeatureNetwork of(MultiLayerNetwork trained) {
        return trained instanceof FeatureNetwork f ? f : new FeatureNetwork(trained);
    }

    /** The input of the output layer for a batch, {@code n x features}. */
    INDArray features(INDArray input) {
        return outputOfLayerDetached(false, FwdPassType.STANDARD, getnLayers() - 2, input, null, null, null);
    }
}
