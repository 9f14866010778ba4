package digits.api;

import java.util.ArrayList;
import java.util.List;

/**
 * How a model is adapted to one writer's handwriting. The one source of these numbers: the
 * shell's {@code digits:adapt}, the Draw view's Teach panel and the engine all take
 * {@link #DEFAULT}, changing at most the epochs.
 *
 * @param heldOutEvery    of each digit's images in the order drawn, every n-th is held out to
 *                        measure the adaptation, never trained on (4 = a quarter)
 * @param copies          augmented copies of each of the writer's images per epoch
 * @param replayPerCopy   images of the replay dataset mixed in per copy, so the model keeps what it
 *                        knew (3 = three MNIST images beside each image of the writer)
 * @param replayDatasetId the dataset replayed, and tested on after adapting
 * @param augmentation    distortions of the writer's copies (the replayed images go in unchanged)
 * @param epochs          passes over the writer's copies and their replayed images
 * @param optimizerId     the optimizer of the fine-tuning, with a fresh state
 * @param learningRate    its learning rate: a fraction of a training run's, to nudge, not retrain
 * @param batchSize       images per update
 * @param seed            seeds the replayed images, the shuffling and the augmentation
 */
public record AdaptationPolicy(int heldOutEvery, int copies, int replayPerCopy, String replayDatasetId,
        Augmentation augmentation, int epochs, String optimizerId, double learningRate, int batchSize, long seed) {

    /** The fewest images of the writer an adaptation starts with. */
    public static final int MIN_IMAGES = 10;

    public static final AdaptationPolicy DEFAULT = new AdaptationPolicy(4, 8, 3, "mnist",
            new Augmentation(2, 10, 0.10, false), 3, "adamax", 0.0005, 32, 7);

    public AdaptationPolicy {
        if (heldOutEvery < 2) {
            throw new IllegalArgumentException("held out every n-th image needs n >= 2, got " + heldOutEvery);
        }
        if (copies < 1 || replayPerCopy < 0 || epochs < 1 || batchSize < 1 || !(learningRate > 0)) {
            throw new IllegalArgumentException("copies, epochs, batch size and learning rate must be positive");
        }
    }

    public AdaptationPolicy withEpochs(int v) {
        return new AdaptationPolicy(heldOutEvery, copies, replayPerCopy, replayDatasetId, augmentation, v,
                optimizerId, learningRate, batchSize, seed);
    }

    /**
     * Splits a writer's images: of each digit's images in their order, the n-th, 2n-th, ... are
     * held out ({@link #heldOutEvery}); per digit so every digit is measured, by position so an
     * image keeps its side as more are added after it.
     *
     * @return the indices to adapt on and the indices held out
     */
    public WriterSplit split(LabelledImages writer) {
        List<Integer> adapt = new ArrayList<>();
        List<Integer> heldOut = new ArrayList<>();
        int[] seen = new int[256];
        for (int i = 0; i < writer.count(); i++) {
            (++seen[writer.label(i)] % heldOutEvery == 0 ? heldOut : adapt).add(i);
        }
        return new WriterSplit(writer.select(writer.name() + "/adapt", adapt.stream().mapToInt(Integer::intValue).toArray()),
                writer.select(writer.name() + "/held-out", heldOut.stream().mapToInt(Integer::intValue).toArray()));
    }

    /** The name an adapted model gets unless one is given: {@code FROM-adapted}, once. */
    public static String defaultName(String fromModel) {
        return fromModel.endsWith("-adapted") ? fromModel : fromModel + "-adapted";
    }

    /**
     * The model an adaptation starts from unless one is named: the active recognizer's stored
     * model ({@code cnn:NAME}), else the shipped {@code default}.
     */
    public static String startingModel(String activeRecognizerId) {
        return activeRecognizerId != null && activeRecognizerId.startsWith("cnn:")
                ? activeRecognizerId.substring("cnn:".length()) : "default";
    }

    /** The writer's images to adapt on and those held out to measure. */
    public record WriterSplit(LabelledImages adapt, LabelledImages heldOut) {}
}
