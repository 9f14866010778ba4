package digits.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.DatasetProvider;
import digits.api.Evaluation;
import digits.api.Evaluator;
import digits.api.GrayImage;
import digits.api.LabelledImages;
import digits.api.Prediction;
import digits.api.Preprocessor;
import digits.api.Recognizer;
import digits.api.Selection;
import digits.preprocess.Images;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceReference;

/** The model shipped in models/ on all 10,000 MNIST test images, and through the canvas pipeline. */
class ShippedModelIT {

    static TestWorkbench workbench;
    static Recognizer shipped;
    static LabelledImages test;

    @BeforeAll
    static void start() throws Exception {
        workbench = TestWorkbench.start(false);
        Selection selection = workbench.service(Selection.class, Duration.ofSeconds(60));
        shipped = TrainingIT.waitForRecognizer(selection, "cnn:default");
        test = mnist().test();
    }

    @AfterAll
    static void stop() throws Exception {
        workbench.close();
    }

    static DatasetProvider mnist() throws Exception {
        return mnist(workbench);
    }

    static DatasetProvider mnist(TestWorkbench in) throws Exception {
        for (ServiceReference<DatasetProvider> ref : in.context().getServiceReferences(DatasetProvider.class, null)) {
            DatasetProvider d = in.context().getService(ref);
            if (d.id().equals("mnist")) {
                return d;
            }
        }
        throw new AssertionError("no mnist dataset");
    }

    static Preprocessor preprocessor(String id) throws Exception {
        for (ServiceReference<Preprocessor> ref : workbench.context().getServiceReferences(Preprocessor.class, null)) {
            Preprocessor p = workbench.context().getService(ref);
            if (p.id().equals(id)) {
                return p;
            }
        }
        throw new AssertionError("no preprocessor " + id);
    }

    @Test
    void theShippedModelBeatsTheReferenceOnAllTenThousandTestImages() throws Exception {
        Evaluator evaluator = workbench.service(Evaluator.class, Duration.ofSeconds(30));
        Evaluation e = evaluator.evaluate(shipped, test, 50);
        assertEquals(10_000, e.count());
        // Issue 4's bar: at least 99.50% (the reference reached 99.37%, top-3 99.98%); the shipped
        // model measures 99.58% and 99.97%.
        assertTrue(e.accuracy() >= 0.9950, "accuracy " + e.accuracy());
        assertTrue(e.top(3) >= 0.9990, "top-3 " + e.top(3));
        int[][] confusion = e.confusion();
        assertEquals(10, confusion.length);
        int[] perClass = test.histogram(10);
        int sum = 0;
        for (int row = 0; row < 10; row++) {
            assertEquals(10, confusion[row].length);
            int rowSum = java.util.Arrays.stream(confusion[row]).sum();
            assertEquals(perClass[row], rowSum, "row " + row + " holds the images whose true class is " + row);
            sum += rowSum;
        }
        assertEquals(10_000, sum);
        // The shipped model gets 42 of the 10,000 wrong (99.58%): all of them fit the 50 asked for.
        // Each mistake is checked against the recognizer itself, image by image.
        int wrong = 0;
        for (int row = 0; row < 10; row++) {
            wrong += perClass[row] - confusion[row][row];
        }
        assertTrue(wrong <= 50, wrong + " mistakes");
        assertEquals(wrong, e.mistakes().size(), "every mistake is listed");
        for (int i = 0; i < e.mistakes().size(); i++) {
            Evaluation.Mistake m = e.mistakes().get(i);
            assertEquals(test.labels()[m.index()], m.label(), "the true label of image " + m.index());
            Prediction p = shipped.recognize(test.image(m.index()));
            assertEquals(p.best().label(), m.predicted(), "image " + m.index() + " is predicted as the recognizer says");
            assertTrue(m.predicted() != m.label(), "image " + m.index() + " is a mistake");
            assertEquals(p.best().probability(), m.confidence(), 1e-4, "confidence of image " + m.index());
            if (i > 0) {
                assertTrue(e.mistakes().get(i - 1).confidence() >= m.confidence(), "mistakes sorted by confidence");
            }
        }
    }

    /**
     * Issue 3's acceptance: test digits drawn on a 280x280 canvas at 0.5x to 2x the size of a
     * typical drawing (ink box 70 to 280 px), pushed towards an edge or a corner, come back through
     * the MNIST recipe as inputs on which the model keeps its accuracy within one point.
     */
    @Test
    void digitsDrawnAnywhereOnTheCanvasKeepTheAccuracyWithTheMnistRecipe() throws Exception {
        Evaluator evaluator = workbench.service(Evaluator.class, Duration.ofSeconds(30));
        double plain = evaluator.evaluate(shipped, test, 0).accuracy();
        double recipe = evaluator.evaluate(shipped, canvases(preprocessor("mnist")), 0).accuracy();
        double reference = evaluator.evaluate(shipped, canvases(preprocessor("reference")), 0).accuracy();
        System.out.printf("accuracy: MNIST test %.4f; canvases through mnist recipe %.4f; through reference method %.4f%n",
                plain, recipe, reference);
        Files.writeString(Files.createDirectories(Path.of("target/measurements")).resolve("preprocessors.txt"),
                String.format("mnist-test %.4f%nmnist-recipe %.4f%nreference %.4f%n", plain, recipe, reference));
        assertTrue(recipe >= plain - 0.01, "recipe " + recipe + " vs plain " + plain);
        // The reference's method keeps the drawn size and position's quirks: measured 82.62%. It
        // must stay well below the recipe (else the canvases no longer test what they should)
        // and well above chance (else the reference preprocessor is broken).
        assertTrue(reference < recipe - 0.10, "reference " + reference + " vs recipe " + recipe);
        assertTrue(reference > 0.70, "reference " + reference);
    }

    /** Every test digit re-drawn on a canvas (seeded sizes and places), then preprocessed. */
    static LabelledImages canvases(Preprocessor preprocessor) {
        SplittableRandom random = new SplittableRandom(2024);
        int n = test.count();
        byte[] pixels = new byte[n * 784];
        for (int i = 0; i < n; i++) {
            GrayImage canvas = Images.onRandomCanvas(test.image(i), random);
            GrayImage input = preprocessor.toModelInput(canvas).orElseThrow();
            float[] p = input.pixels();
            for (int k = 0; k < 784; k++) {
                pixels[i * 784 + k] = (byte) Math.round(Math.min(1f, Math.max(0f, p[k])) * 255);
            }
        }
        return new LabelledImages("mnist/test on canvases via " + preprocessor.id(), 28, 28, pixels, test.labels());
    }

    /** Issue 4's acceptance: the predict command on PNGs of a digit at several sizes. */
    @Test
    void predictPrintsTheTopFiveForAPngOfAnySize() throws Exception {
        Path dir = Files.createDirectories(Path.of("target/predict"));
        List<String> outputs = new ArrayList<>();
        int[][] sizes = {{28, 28}, {280, 280}, {1000, 600}};
        for (int[] s : sizes) {
            Path png = dir.resolve("seven-" + s[0] + "x" + s[1] + ".png");
            writeDarkOnLight(Images.render(test.image(0), Math.max(s[0], s[1]), 0.5, 0, 0), s[0], s[1], png);
            String out = workbench.command("digits:predict " + png.toAbsolutePath());
            outputs.add(out);
            assertTrue(out.contains(png.getFileName() + ": 7 ("), out); // MNIST test image 0 is a 7
            assertEquals(5, out.lines().filter(l -> l.matches("\\s+\\d\\s+\\d+\\.\\d\\d%.*")).count(), out);
        }
        System.out.println(String.join("\n", outputs));
    }

    @Test
    void predictSaysSoForAnEmptyImageAndForAFileThatIsNotAnImage() throws Exception {
        Path dir = Files.createDirectories(Path.of("target/predict"));
        Path blank = dir.resolve("blank.png");
        writeDarkOnLight(new GrayImage(200, 200, new float[200 * 200]), 200, 200, blank);
        assertTrue(workbench.command("digits:predict " + blank.toAbsolutePath()).contains("empty"));
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "not a picture");
        AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> workbench.command("digits:predict " + text.toAbsolutePath()));
        assertTrue(e.getMessage().contains("notes.txt is not an image"), e.getMessage());
    }

    /** Saves the image as a person's scan would be: dark ink on white paper, cropped to w x h. */
    static void writeDarkOnLight(GrayImage image, int w, int h, Path png) throws IOException {
        java.awt.image.BufferedImage out = new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_INT_RGB);
        int ox = (image.width() - w) / 2;
        int oy = (image.height() - h) / 2;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float v = image.at(x + ox, y + oy);
                int g = 255 - Math.round(Math.min(1f, Math.max(0f, v)) * 255);
                out.setRGB(x, y, (g << 16) | (g << 8) | g);
            }
        }
        ImageIO.write(out, "png", png.toFile());
    }
}
