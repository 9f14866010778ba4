package digits.preprocess;

import digits.api.Augmentation;
import digits.api.GrayImage;
import digits.api.Preprocessor;
import digits.preprocess.internal.MnistPreprocessor;
import digits.preprocess.internal.ReferencePreprocessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A micro-measure, not a test: prints microseconds per call of the preprocessors and the
 * augmenter. Run from the module folder after {@code mvn install}:
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$HOME/.m2/repository/digits/digits.api/0.1.0/digits.api-0.1.0.jar \
 *     digits.preprocess.PreprocessBench [t10k-images-idx3-ubyte]
 * </pre>
 *
 * Given an MNIST image file it also checks the recipe against MNIST itself: each digit is drawn
 * 10x larger on a 280x280 canvas (and smaller, off-centre) and run through the recipe, which
 * should give the digit back.
 */
public final class PreprocessBench {

    private static final int ROUNDS = 7;
    private static double sink;

    public static void main(String[] args) throws IOException {
        GrayImage canvas = Images.render(Shapes.seven(), 280, 0.8, 30, -20);
        GrayImage photo = new GrayImage(1000, 600, widen(Images.render(Shapes.seven(), 600, 0.7, 100, 0), 1000));
        Preprocessor mnist = new MnistPreprocessor();
        Preprocessor reference = new ReferencePreprocessor();
        report("mnist recipe, 280x280 canvas", 2_000, () -> sink += mnist.toModelInput(canvas).get().at(14, 14));
        report("mnist recipe, 1000x600 picture", 300, () -> sink += mnist.toModelInput(photo).get().at(14, 14));
        report("reference, 280x280 canvas", 2_000, () -> sink += reference.toModelInput(canvas).get().at(14, 14));

        float[] seven = Shapes.seven().pixels();
        float[] out = new float[784];
        for (Augmentation a : new Augmentation[] {Augmentation.STANDARD, new Augmentation(2, 12, 0.10, true)}) {
            Augmenter augmenter = new Augmenter(a, 1);
            report("augmenter per image, " + a, 20_000, () -> {
                augmenter.augment(seven, out);
                sink += out[400];
            });
            int n = 64;
            float[] batch = new float[n * 784];
            for (int i = 0; i < n; i++) {
                System.arraycopy(seven, 0, batch, i * 784, 784);
            }
            report("augmenter per image in a batch of 64, " + a, 300, () -> {
                augmenter.augmentBatch(batch, n);
                sink += batch[400];
            }, n);
        }
        if (args.length > 0) {
            checkAgainstMnist(Path.of(args[0]), mnist);
        }
        System.out.println(sink == 42 ? "" : "(done)");
    }

    private static void report(String what, int calls, Runnable call) {
        report(what, calls, call, 1);
    }

    /** The median of several rounds after a warm-up, in microseconds per item. */
    private static void report(String what, int calls, Runnable call, int items) {
        for (int i = 0; i < calls * 3; i++) {
            call.run();
        }
        double[] perCall = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                call.run();
            }
            perCall[r] = (System.nanoTime() - start) / 1e3 / calls / items;
        }
        java.util.Arrays.sort(perCall);
        System.out.printf(Locale.ROOT, "%-75s %8.2f us (best %.2f)%n", what, perCall[ROUNDS / 2], perCall[0]);
    }

    private static float[] widen(GrayImage square, int width) {
        float[] p = new float[width * square.height()];
        for (int y = 0; y < square.height(); y++) {
            for (int x = 0; x < square.width(); x++) {
                p[y * width + x + 150] = square.at(x, y);
            }
        }
        return p;
    }

    private static void checkAgainstMnist(Path idx, Preprocessor recipe) throws IOException {
        byte[] data = Files.readAllBytes(idx);
        int count = Math.min(2_000, ((data[4] & 0xff) << 24 | (data[5] & 0xff) << 16 | (data[6] & 0xff) << 8 | data[7] & 0xff));
        double[] sums = new double[3];
        int[] exact = new int[3];
        double inkSum = 0;
        for (int k = 0; k < count; k++) {
            GrayImage digit = GrayImage.fromBytes(28, 28, data, 16 + k * 784);
            float[] original = digit.pixels();
            inkSum += Shapes.mass(original) / 784;
            GrayImage[] drawn = {
                Images.render(digit, 280, 1, 0, 0),
                Images.render(digit, 280, 0.5, -60, 50),
                Images.render(digit, 1000, 0.6, 200, -100)};
            for (int i = 0; i < drawn.length; i++) {
                float[] back = recipe.toModelInput(drawn[i]).orElseThrow().pixels();
                double d = Shapes.meanAbsDifference(original, back);
                sums[i] += d;
                exact[i] += d < 0.02 ? 1 : 0;
            }
        }
        System.out.printf(Locale.ROOT, "MNIST round trip over %d test digits (mean intensity %.3f):%n", count, inkSum / count);
        String[] names = {"10x on 280x280", "5x off-centre on 280x280", "21x off-centre on 1000x1000"};
        for (int i = 0; i < names.length; i++) {
            System.out.printf(Locale.ROOT, "  %-28s mean abs difference %.4f, %.1f%% of digits within 0.02%n",
                    names[i], sums[i] / count, 100.0 * exact[i] / count);
        }
    }
}
