package digits.engine.internal;

import digits.api.AdaptationListener;
import digits.api.AdaptationPolicy;
import digits.api.AdaptationRequest;
import digits.api.AdaptationResult;
import digits.api.DatasetProvider;
import digits.api.LabelledImages;
import digits.api.ModelInfo;
import digits.api.ModelStore;
import digits.api.engine.Optimizer;
import digits.preprocess.Augmenter;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One adaptation, as {@link AdaptationPolicy} says: the writer's images split into adapt and
 * held-out parts; the model measured on the held-out part and the replay dataset's test images;
 * a copy fine-tuned on augmented copies of the writer's images, each batch mixed with replayed
 * images; measured again; stored with its origin.
 */
final class AdaptationJob {

    /** The file beside the adapted model that records where it came from and its figures. */
    static final String RECORD = "adaptation.json";

    private final AdaptationRequest request;
    private final DatasetProvider replay;
    private final Optimizer optimizer;
    private final ModelStore store;
    private final AdaptationListener listener;

    AdaptationJob(AdaptationRequest request, DatasetProvider replay, Optimizer optimizer, ModelStore store,
            AdaptationListener listener) {
        this.request = request;
        this.replay = replay;
        this.optimizer = optimizer;
        this.store = store;
        this.listener = listener;
    }

    AdaptationResult run() throws Exception {
        long started = System.currentTimeMillis();
        AdaptationPolicy policy = request.policy();
        AdaptationPolicy.WriterSplit split = policy.split(request.writer());
        Batches writer = new Batches(split.adapt());
        Batches heldOut = new Batches(split.heldOut());
        progress(0, "measuring " + request.fromModel() + " on the held-out images and the " + replay.id() + " test images");
        Batches test = new Batches(replay.test());
        MultiLayerNetwork initial = ModelFiles.load(store.modelFile(request.fromModel()), false);
        double heldOutBefore = accuracy(initial, heldOut);
        double testBefore = accuracy(initial, test);

        int copiesPerEpoch = writer.count * policy.copies();
        int replayPerEpoch = copiesPerEpoch * policy.replayPerCopy();
        SplittableRandom random = new SplittableRandom(policy.seed());
        Batches replayed = new Batches(replayImages(replay.train(), replayPerEpoch * policy.epochs(), random));

        Map<String, Double> hyper = Map.of("learningRate", policy.learningRate());
        MultiLayerNetwork net = new TransferLearning.Builder(initial).fineTuneConfiguration(
                new FineTuneConfiguration.Builder().updater(optimizer.createUpdater(hyper)).seed(policy.seed()).build())
                .build();
        MaxPool2x2Layer.installIn(net);
        Augmenter augmenter = new Augmenter(policy.augmentation(), policy.seed());
        int perEpoch = copiesPerEpoch + replayPerEpoch;
        int batch = policy.batchSize();
        float[] rows = new float[batch * Batches.PIXELS];
        int[] labels = new int[batch];
        long total = (long) perEpoch * policy.epochs();
        long done = 0;
        for (int epoch = 0; epoch < policy.epochs(); epoch++) {
            // Sample k < copiesPerEpoch is a copy of writer image k % count; the others are the
            // epoch's own slice of replayed images, so no replayed image is seen twice.
            int[] order = TrainingJob.shuffled(perEpoch, random);
            for (int from = 0; from < perEpoch; from += batch) {
                int n = Math.min(batch, perEpoch - from);
                float[] x = n == batch ? rows : new float[n * Batches.PIXELS];
                for (int i = 0; i < n; i++) {
                    int sample = order[from + i];
                    if (sample < copiesPerEpoch) {
                        int image = sample % writer.count;
                        augmenter.augment(writer.features, image * Batches.PIXELS, x, i * Batches.PIXELS);
                        labels[i] = writer.labels[image];
                    } else {
                        int image = epoch * replayPerEpoch + sample - copiesPerEpoch;
                        System.arraycopy(replayed.features, image * Batches.PIXELS, x, i * Batches.PIXELS, Batches.PIXELS);
                        labels[i] = replayed.labels[image];
                    }
                }
                INDArray features = Batches.features(x, n);
                INDArray targets = Batches.oneHot(labels, null, 0, n);
                OpenMpThreads.trainingStep(n, () -> net.fit(features, targets));
                done += n;
                if ((from / batch) % 10 == 0) {
                    progress(0.1 + 0.8 * done / total, "epoch " + (epoch + 1) + "/" + policy.epochs());
                }
            }
        }
        progress(0.9, "measuring the adapted model");
        double heldOutAfter = accuracy(net, heldOut);
        Metrics after = new Metrics(Batches.predict(net, test.features, test.count, 1000), test.labels, 10);

        String architecture = store.find(request.fromModel()).map(ModelInfo::architecture).orElse("unknown");
        ModelInfo info = ModelInfo.builder(request.modelName()).architecture(architecture).datasetId(replay.id())
                .datasetChecksum(replay.checksum()).optimizerId(optimizer.id()).hyperParameters(optimizer.resolve(hyper))
                .epochs(policy.epochs()).batchSize(batch).augmentation(policy.augmentation())
                .testAccuracy(after.topK[0]).testTop3(after.topK[2]).parameters(net.numParams())
                .created(Instant.now().toString()).command(request.command()).build();
        AdaptationResult result = new AdaptationResult(request.modelName(), request.fromModel(), request.source(),
                writer.count, heldOut.count, heldOutBefore, heldOutAfter, replay.id(), testBefore, after.topK[0],
                System.currentTimeMillis() - started);
        // The record first: when the model appears, its origin is already beside it.
        Json.write(Files.createDirectories(store.workDirectory(request.modelName())).resolve(RECORD), result);
        store.save(info, target -> ModelFiles.write(net, target, false));
        progress(1, "stored " + request.modelName());
        return result;
    }

    /** {@code wanted} distinct images of the replay dataset (all of them when it has fewer), seeded. */
    private static LabelledImages replayImages(LabelledImages all, int wanted, SplittableRandom random) {
        int[] order = TrainingJob.shuffled(all.count(), random);
        int n = Math.min(wanted, all.count());
        int[] chosen = Arrays.copyOf(order, wanted);
        for (int i = n; i < wanted; i++) {
            chosen[i] = order[i % all.count()];
        }
        return all.select(all.name() + "/replayed", chosen);
    }

    private static double accuracy(MultiLayerNetwork net, Batches images) {
        if (images.count == 0) {
            return Double.NaN;
        }
        return new Metrics(Batches.predict(net, images.features, images.count, 1000), images.labels, 10).topK[0];
    }

    private void progress(double done, String step) {
        try {
            listener.onProgress(done, step);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(AdaptationJob.class).warn("An adaptation listener failed", e);
        }
    }
}
