package digits.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.GrayImage;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The recognizer's folded network against the trained one, on the shipped model and MNIST test images. */
class BatchNormFoldingTest {

    @Test
    void foldedAndUnfoldedShippedModelsAgreeOnMnistTestImages() throws Exception {
        MultiLayerNetwork trained = ModelFiles.load(ShippedModel.FILE, false);
        MultiLayerNetwork folded = BatchNormFolding.fold(trained);
        // The shipped deep network has five batch normalisations; the four in the convolutional
        // part fold (no padding, and positive scales where a max pooling sits between); the one
        // before the output layer stays, as calibration's features are read after it.
        assertEquals(trained.getnLayers() - 4, folded.getnLayers());
        for (int i = 0; i < folded.getnLayers() - 2; i++) {
            assertTrue(!(folded.getLayerWiseConfigurations().getConf(i).getLayer() instanceof BatchNormalization));
        }
        // 1,000 of the 10,000 test images keep this a unit test; ./digits bench reports the folded
        // network's accuracy on all of them, beside the trained one's.
        List<GrayImage> images = ShippedModel.testImages().subList(0, 1000);
        double worst = 0;
        int disagreements = 0;
        for (int from = 0; from < images.size(); from += 500) {
            INDArray x = Nd4j.create(features(images.subList(from, from + 500)), new long[] {500, Batches.PIXELS}, 'c');
            float[][] a = trained.output(x, false).toFloatMatrix();
            float[][] b = folded.output(x, false).toFloatMatrix();
            for (int i = 0; i < a.length; i++) {
                disagreements += argmax(a[i]) == argmax(b[i]) ? 0 : 1;
                for (int k = 0; k < 10; k++) {
                    worst = Math.max(worst, Math.abs(a[i][k] - b[i][k]));
                }
            }
        }
        assertEquals(0, disagreements, "images predicted differently");
        assertTrue(worst <= 1e-5, "largest difference of a probability: " + worst);
    }

    @Test
    void theRecognizersOwnPassAgreesWithTheTrainedNetwork() throws Exception {
        // What recognition runs: the folded network layer by layer, MaxPool2x2 for DL4J's pooling,
        // in a lane's workspace, the logits and softmax computed outside ND4J.
        MultiLayerNetwork trained = ModelFiles.load(ShippedModel.FILE, false);
        FeatureNetwork net = FeatureNetwork.of(BatchNormFolding.fold(trained));
        org.nd4j.linalg.api.memory.MemoryWorkspace lane = FeatureNetwork.laneWorkspace();
        List<GrayImage> images = ShippedModel.testImages().subList(0, 1000);
        double worst = 0;
        int disagreements = 0;
        // Batches of different sizes through one workspace, as a lane sees them.
        int[] sizes = {500, 1, 7, 250, 242};
        int from = 0;
        for (int n : sizes) {
            INDArray x = Nd4j.create(features(images.subList(from, from + n)), new long[] {n, Batches.PIXELS}, 'c');
            float[][] a = trained.output(x, false).toFloatMatrix();
            float[] b = Confidence.probabilities(Forward.of(net, x, false, lane), 1.0);
            for (int i = 0; i < n; i++) {
                float[] row = java.util.Arrays.copyOfRange(b, i * 10, i * 10 + 10);
                disagreements += argmax(a[i]) == argmax(row) ? 0 : 1;
                for (int k = 0; k < 10; k++) {
                    worst = Math.max(worst, Math.abs(a[i][k] - row[k]));
                }
            }
            from += n;
        }
        assertEquals(0, disagreements, "images predicted differently");
        assertTrue(worst <= 1e-5, "largest difference of a probability: " + worst);
    }

    static float[] features(List<GrayImage> images) {
        float[] rows = new float[images.size() * Batches.PIXELS];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i).pixels(), 0, rows, i * Batches.PIXELS, Batches.PIXELS);
        }
        return rows;
    }

    static int argmax(float[] p) {
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            best = p[k] > p[best] ? k : best;
        }
        return best;
    }
}
