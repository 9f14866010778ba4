package digits.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.learning.config.AdaMax;

/** The architectures as configured: where their non-linearities are. */
class NetworksTest {

    /**
     * DL4J 1.0.0-M2.1's BatchNormalization takes an activation and never applies it: a network
     * written "conv (identity), BN (relu)" has no ReLU at all there and trains about a point
     * worse. Every hidden convolution and dense layer must carry its own ReLU.
     */
    @Test
    void everyHiddenConvolutionAndDenseLayerAppliesItsOwnRelu() {
        for (String architecture : Networks.NAMES) {
            MultiLayerConfiguration conf = Networks.build(architecture, new AdaMax(1e-3), 1);
            int hidden = 0;
            for (int i = 0; i < conf.getConfs().size(); i++) {
                Layer layer = conf.getConf(i).getLayer();
                if ((layer instanceof ConvolutionLayer || layer instanceof DenseLayer) && !(layer instanceof OutputLayer)) {
                    hidden++;
                    assertTrue(((BaseLayer) layer).getActivationFn() instanceof ActivationReLU,
                            architecture + ": " + layer.getLayerName() + " has " + ((BaseLayer) layer).getActivationFn());
                }
                if (layer instanceof BatchNormalization && i > 0) {
                    Layer before = conf.getConf(i - 1).getLayer();
                    assertFalse(before instanceof BatchNormalization, architecture + ": two batch norms in a row");
                }
            }
            assertTrue(hidden >= 3, architecture + " has " + hidden + " hidden layers");
        }
    }

    @Test
    void theReferenceKeepsKerasDropoutRatesAsInputDropoutOfTheDenseLayers() {
        MultiLayerConfiguration conf = Networks.build(Networks.REFERENCE, new AdaMax(1e-3), 1);
        int dropouts = 0;
        for (int i = 0; i < conf.getConfs().size(); i++) {
            Layer layer = conf.getConf(i).getLayer();
            if (layer.getIDropout() instanceof org.deeplearning4j.nn.conf.dropout.Dropout d) {
                dropouts++;
                assertEquals(0.8, d.getP(), 1e-12, "DL4J's p is the fraction kept: Keras's Dropout(0.2)");
                assertTrue(layer instanceof FeedForwardLayer, layer.getLayerName() + " is a dense layer");
            }
        }
        assertEquals(3, dropouts);
    }
}
