package digits.extras.knn.internal;

import digits.api.LabelledImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Measures the k-NN recognizer's accuracy; a program, not a test, because the full measurement
 * takes a minute. The settings (k, the number of training images) were chosen with
 * {@code validate} on training images outside the index; {@code test} then measures them once on
 * the 10,000 test images, the figure in {@link KnnRecognizer#description()}.
 *
 * <pre>
 * java -cp target/classes:target/test-classes:../../digits.api/target/classes \
 *     digits.extras.knn.internal.KnnAccuracy validate|test [MNIST-DIR]
 * </pre>
 *
 * MNIST-DIR holds the four uncompressed IDX files (default: the workbench's dataset cache).
 */
public final class KnnAccuracy {

    public static void main(String[] args) throws IOException {
        String mode = args.length > 0 ? args[0] : "test";
        Path dir = args.length > 1 ? Path.of(args[1])
                : Path.of(System.getProperty("user.home"), ".cache/digit-workbench/datasets/mnist");
        LabelledImages train = read(dir, "train", "train-images-idx3-ubyte", "train-labels-idx1-ubyte");
        if (mode.equals("validate")) {
            // The last 10,000 training images are never in an index of the first 20,000.
            LabelledImages validation = train.slice(50_000, 60_000);
            for (int limit : new int[] {10_000, 20_000}) {
                for (int k : new int[] {3, 4, 5}) {
                    measure(KnnIndex.of(train, limit, 10, k), validation, limit + " images, k=" + k);
                }
            }
        } else {
            LabelledImages test = read(dir, "test", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");
            measure(KnnIndex.of(train, KnnRecognizer.TRAINING_IMAGES, 10, KnnRecognizer.K), test,
                    "test: " + KnnRecognizer.TRAINING_IMAGES + " images, k=" + KnnRecognizer.K);
        }
    }

    private static void measure(KnnIndex index, LabelledImages images, String what) {
        long start = System.nanoTime();
        int right = 0;
        for (int i = 0; i < images.count(); i++) {
            float[] p = index.probabilities(images.image(i));
            int best = 0;
            for (int c = 1; c < p.length; c++) {
                if (p[c] > p[best]) {
                    best = c;
                }
            }
            if (best == images.label(i)) {
                right++;
            }
        }
        double ms = (System.nanoTime() - start) / 1e6 / images.count();
        System.out.printf("%-32s %d/%d = %.2f%%, %.2f ms per image%n", what, right, images.count(),
                100.0 * right / images.count(), ms);
    }

    /** An IDX image file (16-byte header) and its label file (8-byte header). */
    private static LabelledImages read(Path dir, String name, String images, String labels) throws IOException {
        byte[] i = Files.readAllBytes(dir.resolve(images));
        byte[] l = Files.readAllBytes(dir.resolve(labels));
        return new LabelledImages("mnist/" + name, 28, 28, Arrays.copyOfRange(i, 16, i.length),
                Arrays.copyOfRange(l, 8, l.length));
    }
}
