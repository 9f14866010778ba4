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
 * many Fashion-MNIST test images, typeset letters and random scribbles are. Writes them to
 * target/measurements/not-a-digit.txt (the README quotes them).
 */
class NotADigitIT {

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

    static List<GrayImage> all(LabelledImages images) {
        List<GrayImage> out = new ArrayList<>(images.count());
        for (int i = 0; i < images.count(); i++) {
            out.add(images.image(i));
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
        List<GrayImage> digits = all(test);
        SplittableRandom random = new SplittableRandom(2024);
        List<GrayImage> redrawn = throughCanvas(mnist, digits.stream().map(d -> Images.onRandomCanvas(d, random)).toList());
        List<GrayImage> fashion = all(UiFixtures.dataset(workbench, "fashion-mnist").test());
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
        double letterShare = flagged(letters);
        double scribbleShare = flagged(scribbles);
        double both = flagged(lettersAndScribbles);
        String figures = String.format("""
                MNIST test digits flagged: %.2f%% (as they are), %.2f%% (redrawn on the canvas)
                Fashion-MNIST test images flagged: %.2f%%
                letters flagged: %.2f%% of %d; scribbles: %.2f%% of %d; together %.2f%%
                """, 100 * plain, 100 * canvas, 100 * fashionShare, 100 * letterShare, letters.size(),
                100 * scribbleShare, scribbles.size(), 100 * both);
        System.out.print(figures);
        Files.writeString(Files.createDirectories(Path.of("target/measurements")).resolve("not-a-digit.txt"), figures);
        // The promise: at most 1% of the digits people draw are refused.
        assertTrue(canvas <= 0.01, figures);
        assertTrue(plain <= 0.01, figures);
        // Floors below the measured figures (34.9% of Fashion-MNIST, 65.9% of letters and scribbles with the shipped threshold), so a
        // threshold or score that stops working fails here; the goals (90%, 70%) are not met.
        assertTrue(fashionShare >= 0.30, figures);
        assertTrue(both >= 0.50, figures);
    }
}
