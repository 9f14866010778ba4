package digits.engine.internal;

import digits.api.GrayImage;
import digits.api.ModelException;
import digits.api.ModelInfo;
import digits.api.Prediction;
import digits.api.Recognizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A stored CNN as a recognizer. The network is loaded on first use. DL4J networks are not safe
 * for concurrent output calls, so calls are serialised; one call takes well under a millisecond.
 * Its answers are calibrated and judged "not a digit" by the model's {@link Confidence}.
 */
final class CnnRecognizer implements Recognizer {

    private final String id;
    private final ModelInfo info;
    private final Path file;
    private FeatureNetwork net;
    private Confidence confidence;

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
            net = FeatureNetwork.of(ModelFiles.load(file, false));
            confidence = new Confidence(info.calibrationOrNone(), ModelFiles.featureStats(file));
        }
    }

    /** The network, loaded (for explanations that need its layers). */
    synchronized FeatureNetwork network() throws ModelException {
        load();
        return net;
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
            Forward f = Forward.of(net, rows, n);
            out.addAll(confidence.predictions(f, id, (System.nanoTime() - start) / Math.max(1, inputs.size())));
        }
        return out;
    }
}
