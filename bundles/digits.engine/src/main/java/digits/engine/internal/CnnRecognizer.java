package digits.engine.internal;

import digits.api.GrayImage;
import digits.api.ModelException;
import digits.api.ModelInfo;
import digits.api.Prediction;
import digits.api.Recognizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A stored CNN as a recognizer. The network is loaded on first use. DL4J networks are not safe
 * for concurrent output calls, so calls are serialised; one call takes well under a millisecond.
 */
final class CnnRecognizer implements Recognizer {

    private final String id;
    private final ModelInfo info;
    private final Path file;
    private MultiLayerNetwork net;

    CnnRecognizer(ModelInfo info, Path file) {
        this.id = "cnn:" + info.name();
        this.info = info;
        this.file = file;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String description() {
        String acc = Double.isNaN(info.testAccuracy()) ? "" : String.format(", %.2f%% on %s test", 100 * info.testAccuracy(), info.datasetId());
        return "CNN '" + info.name() + "' (" + info.architecture() + acc + ")";
    }

    /** Loads the network now, so a broken file is found at registration, not at first use. */
    synchronized void load() throws ModelException {
        if (net == null) {
            net = ModelFiles.load(file, false);
        }
    }

    @Override
    public Prediction recognize(GrayImage input) {
        return recognizeAll(List.of(input)).get(0);
    }

    @Override
    public synchronized List<Prediction> recognizeAll(List<GrayImage> inputs) {
        long start = System.nanoTime();
        try {
            load();
        } catch (ModelException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        List<Prediction> out = new ArrayList<>(inputs.size());
        int batch = 1000;
        for (int from = 0; from < inputs.size(); from += batch) {
            int n = Math.min(batch, inputs.size() - from);
            float[] rows = new float[n * Batches.PIXELS];
            for (int i = 0; i < n; i++) {
                GrayImage g = inputs.get(from + i);
                if (!g.isModelInput()) {
                    throw new IllegalArgumentException("a recognizer takes 28x28 inputs, got " + g.width() + "x" + g.height());
                }
                System.arraycopy(g.pixels(), 0, rows, i * Batches.PIXELS, Batches.PIXELS);
            }
            INDArray p = net.output(Batches.features(rows, n), false);
            float[] probs = p.dup('c').data().asFloat();
            long elapsed = (System.nanoTime() - start) / Math.max(1, inputs.size());
            for (int i = 0; i < n; i++) {
                float[] row = new float[10];
                System.arraycopy(probs, i * 10, row, 0, 10);
                out.add(new Prediction(row, id, elapsed));
            }
        }
        return out;
    }
}
