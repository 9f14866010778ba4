package digits.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.GrayImage;
import digits.api.LabelledImages;
import digits.api.Prediction;
import digits.api.Preprocessor;
import digits.api.Recognizer;
import digits.api.Selection;
import digits.preprocess.Images;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 21's out-of-distribution figures with the shipped model and its stored threshold: how many
 * MNIST test digits (as they are, and redrawn on the canvas) are called "not a digit", and how
 * many Fashion-MNIST test images (as they are, and drawn through the canvas pipeline), typeset
 * letters and random scribbles are. A seeded sample of {@code digits.notADigit.sample} images (1,000,
 * so the test takes seconds; 10,000 for the README's figures) of each test set. Writes the figures to
 * target/measurements/not-a-digit.txt.
 */
class NotADigitIT {

    static final int SAMPLE = Integer.getInteger("digits.notADigit.sample", 1000);

    static TestWorkbench workbench;
    static Recognizer shipped;

    @BeforeAll
    static void start() throws Exception {
        workbench = TestWorkbench.start(false);
        shipped = TrainingIT.waitForRecognizer(workbench.service(Selection.class, Duration.ofSeconds(60)), "cnn:default");
    }

    @AfterAll
    static void stop() throws Exception {
        workbench.close();
    }

    static double flagged(List<GrayImage> inputs) {
        int n = 0;
        for (Prediction p : shipped.recognizeAll(inputs)) {
            n += p.notADigit() ? 1 : 0;
        }
        return n / (double) inputs.size();
    }

    /** {@link #SAMPLE} images picked evenly over the set (all of them at 10,000). */
    static List<GrayImage> sample(LabelledImages images) {
        int n = Math.min(SAMPLE, images.count());
        List<GrayImage> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(images.image((int) ((long) i * images.count() / n)));
        }
        return out;
    }

    static List<GrayImage> throughCanvas(Preprocessor p, List<GrayImage> canvases) {
        return canvases.stream().map(c -> p.toModelInput(c).orElseThrow()).toList();
    }

    @Test
    void fewDigitsAndMostNonDigitsAreFlaggedAtTheStoredThreshold() throws Exception {
        Preprocessor mnist = null;
        for (var ref : workbench.context().getServiceReferences(Preprocessor.class, "(component.name=*MnistPreprocessor)")) {
            mnist = workbench.context().getService(ref);
        }
        assertTrue(mnist != null && mnist.id().equals("mnist"), "the mnist preprocessor is present");
        LabelledImages test = UiFixtures.dataset(workbench, "mnist").test();
        List<GrayImage> digits = sample(test);
        SplittableRandom random = new SplittableRandom(2024);
        List<GrayImage> redrawn = throughCanvas(mnist, digits.stream().map(d -> Images.onRandomCanvas(d, random)).toList());
        List<GrayImage> fashion = sample(UiFixtures.dataset(workbench, "fashion-mnist").test());
        SplittableRandom garments = new SplittableRandom(99);
        List<GrayImage> fashionDrawn = throughCanvas(mnist, fashion.stream().map(d -> Images.onRandomCanvas(d, garments)).toList());
        List<GrayImage> letters = throughCanvas(mnist, NonDigits.letters());
        SplittableRandom scribbling = new SplittableRandom(5);
        List<GrayImage> scribbles = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            scribbles.add(NonDigits.drawn(NonDigits.scribble(scribbling)));
        }
        scribbles = throughCanvas(mnist, scribbles);
        List<GrayImage> lettersAndScribbles = new ArrayList<>(letters);
        lettersAndScribbles.addAll(scribbles);

        double plain = flagged(digits);
        double canvas = flagged(redrawn);
        double fashionShare = flagged(fashion);
        double fashionDrawnShare = flagged(fashionDrawn);
        double letterShare = flagged(letters);
        double scribbleShare = flagged(scribbles);
        double both = flagged(lettersAndScribbles);
        String figures = String.format("""
                %d MNIST test digits flagged: %.2f%% (as they are), %.2f%% (redrawn on the canvas)
                %d Fashion-MNIST test images flagged: %.2f%% (as they are), %.2f%% (drawn through the canvas pipeline)
                letters flagged: %.2f%% of %d; scribbles: %.2f%% of %d; together %.2f%%
                """, digits.size(), 100 * plain, 100 * canvas, fashion.size(), 100 * fashionShare, 100 * fashionDrawnShare,
                100 * letterShare, letters.size(),
                100 * scribbleShare, scribbles.size(), 100 * both);
        System.out.print(figures);
        Files.writeString(Files.createDirectories(Path.of("target/measurements")).resolve("not-a-digit.txt"), figures);
        // The promise: at most 1% of the digits people draw are refused (measured 0.75% of all 10,000
        // redrawn; 1.5% leaves room for a sample of 1,000).
        assertTrue(canvas <= 0.015, figures);
        assertTrue(plain <= 0.015, figures);
        // Floors below the measured figures (README, "Not a digit"), so a score or threshold that
        // stops working fails here: the goals are 90% of Fashion-MNIST, 70% of the rest.
        assertTrue(fashionShare >= 0.85, figures);
        assertTrue(fashionDrawnShare >= 0.85, figures);
        assertTrue(both >= 0.70, figures);
    }
}
