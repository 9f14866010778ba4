package digits.engine.internal;

import digits.api.GrayImage;
import digits.api.ModelException;
import digits.api.ModelInfo;
import digits.api.Prediction;
import digits.api.Recognizer;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A stored CNN as a recognizer. The network is loaded on first use, with its batch
 * normalisations folded into weights ({@link BatchNormFolding}). DL4J networks are not safe for
 * concurrent output calls, and one forward pass of 32 images costs little more than one of a
 * single image, so concurrent calls are batched ({@link DynamicBatcher}) into one forward pass at
 * a time, on an input array allocated once for the largest batch. Its answers are calibrated and
 * judged "not a digit" by the model's {@link Confidence}.
 */
final class CnnRecognizer implements Recognizer {

    private final String id;
    private final ModelInfo info;
    private final Path file;
    private final DynamicBatcher<GrayImage, Prediction> batcher;
    private final int maxBatch;
    private final int lanes;
    // Per lane: its network (all sharing one set of weights) and input array, touched only by the
    // batch running on that lane.
    private FeatureNetwork[] nets;
    private INDArray[] inputs;
    /** Per lane, its first n rows for each batch size n, made once: ND4J registers every array it creates for cleanup. */
    private INDArray[][] batchViews;
    private MemoryWorkspace[] workspaces;
    private Confidence confidence;

    CnnRecognizer(ModelInfo info, Path file) {
        this(info, file, Batching.DEFAULT);
    }

    CnnRecognizer(ModelInfo info, Path file, Batching batching) {
        this.id = "cnn:" + info.name();
        this.info = info;
        this.file = file;
        this.maxBatch = batching.maxBatch();
        this.lanes = batching.lanes();
        this.batcher = new DynamicBatcher<>(this::forward, maxBatch, batching.windowMicros(), TimeUnit.MICROSECONDS, lanes);
    }

    /**
     * How concurrent calls are batched: the largest batch, how long a batch waits for more, and
     * how many batches run at once (each on one thread).
     */
    record Batching(int maxBatch, long windowMicros, int lanes) {
        static final Batching DEFAULT = new Batching(128, 0, defaultLanes());

        Batching(int maxBatch, long windowMicros) {
            this(maxBatch, windowMicros, defaultLanes());
        }

        /** A lane per core (at most 8): each pass on one thread, the cores never waiting for each other. */
        static int defaultLanes() {
            return Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
        }
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
        if (nets == null) {
            FeatureNetwork first = FeatureNetwork.of(BatchNormFolding.fold(ModelFiles.load(file, false)));
            confidence = new Confidence(info.calibrationOrNone(), ModelFiles.featureStats(file),
                    ModelFiles.featureEnsemble(file));
            FeatureNetwork[] n = new FeatureNetwork[lanes];
            INDArray[] in = new INDArray[lanes];
            MemoryWorkspace[] ws = new MemoryWorkspace[lanes];
            for (int k = 0; k < lanes; k++) {
                n[k] = k == 0 ? first : FeatureNetwork.sharingWeights(first);
                in[k] = Nd4j.create(DataType.FLOAT, maxBatch, Batches.PIXELS);
                ws[k] = FeatureNetwork.laneWorkspace();
            }
            inputs = in;
            batchViews = new INDArray[lanes][maxBatch + 1];
            workspaces = ws;
            nets = n;
        }
    }

    /** Batches run and images they held, since this recognizer was made. */
    DynamicBatcher<GrayImage, Prediction> batcher() {
        return batcher;
    }

    @Override
    public Prediction recognize(GrayImage input) {
        return recognizeAll(List.of(input)).get(0);
    }

    @Override
    public List<Prediction> recognizeAll(List<GrayImage> inputs) {
        long start = System.nanoTime();
        for (GrayImage g : inputs) {
            if (!g.isModelInput()) {
                throw new IllegalArgumentException("a recognizer takes 28x28 inputs, got " + g.width() + "x" + g.height());
            }
        }
        List<Prediction> answered = batcher.submit(inputs);
        // The latency a caller sees: its own wait for the batch it joined included.
        long latency = (System.nanoTime() - start) / Math.max(1, inputs.size());
        List<Prediction> out = new ArrayList<>(answered.size());
        for (Prediction p : answered) {
            out.add(new Prediction(p.probabilities(), p.recognizerId(), latency, p.notADigit()));
        }
        return out;
    }

    /** One forward pass; the batcher calls it with at most {@code maxBatch} images, one pass per lane at a time. */
    private List<Prediction> forward(List<GrayImage> images, int lane) {
        try {
            load();
        } catch (ModelException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        long start = System.nanoTime();
        int n = images.size();
        INDArray input = inputs[lane];
        FloatBuffer rows = input.data().asNioFloat();
        for (int i = 0; i < n; i++) {
            rows.put(i * Batches.PIXELS, images.get(i).pixels());
        }
        INDArray batch = batchView(lane, n);
        FeatureNetwork net = nets[lane];
        MemoryWorkspace workspace = workspaces[lane];
        Forward f = OpenMpThreads.run(lanes > 1 || n < OpenMpThreads.SMALL_BATCH,
                () -> Forward.of(net, batch, confidence.needsAllLayers(), workspace));
        return confidence.predictions(f, id, (System.nanoTime() - start) / n);
    }

    /** Lane {@code lane}'s input, its first {@code n} rows. */
    private INDArray batchView(int lane, int n) {
        INDArray view = batchViews[lane][n];
        if (view == null) {
            INDArray input = inputs[lane];
            view = n == maxBatch ? input : input.get(NDArrayIndex.interval(0, n), NDArrayIndex.all());
            batchViews[lane][n] = view;
        }
        return view;
    }
}
