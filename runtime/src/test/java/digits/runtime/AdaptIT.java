package digits.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.Evaluator;
import digits.api.LabelledImages;
import digits.api.ModelInfo;
import digits.api.ModelStore;
import digits.api.Recognizer;
import digits.api.Selection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 22's acceptance: {@code digits:adapt} teaches the shipped model a new writer from about
 * ten images per digit, and MNIST is not forgotten.
 */
class AdaptIT {

    /** Images per digit the writer gives: a quarter is held out by the policy, about ten adapted on. */
    static final int PER_DIGIT = 13;

    static TestWorkbench workbench;
    static Path models;

    @BeforeAll
    static void start() throws Exception {
        models = UiFixtures.modelsWithShippedModel();
        workbench = TestWorkbench.start(false, Map.of("digits.models", models.toString(), "digits.drawings",
                Files.createTempDirectory(Path.of("target"), "drawings-").toString()));
        ShippedModelIT.workbench = workbench;
    }

    @AfterAll
    static void stop() throws Exception {
        workbench.close();
    }

    @Test
    void adaptingToANewWriterRaisesItsAccuracyAndKeepsMnist() throws Exception {
        LabelledImages test = ShippedModelIT.mnist().test();
        NewWriter writer = new NewWriter(ShippedModelIT.preprocessor("mnist"));
        // The writer's own images come from the first half of MNIST's test set, those that judge
        // the adapted model from the second half: the same hand, never the same digits.
        LabelledImages given = writer.rewrite(test, firstPerDigit(test, PER_DIGIT, 5000), "writer");
        LabelledImages others = writer.rewrite(test, IntStream.range(5000, 7000).toArray(), "writer, other digits");
        Path folder = NewWriter.saveAsDrawings(given, Files.createTempDirectory(Path.of("target"), "writer-"));

        Selection selection = workbench.service(Selection.class, Duration.ofSeconds(60));
        Evaluator evaluator = workbench.service(Evaluator.class, Duration.ofSeconds(30));
        Recognizer shipped = TrainingIT.waitForRecognizer(selection, "cnn:default");
        double before = evaluator.evaluate(shipped, others, 0).accuracy();

        long started = System.nanoTime();
        String out = workbench.command("digits:adapt --from default --name writer " + folder.toAbsolutePath());
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.println(out);

        Recognizer adapted = TrainingIT.waitForRecognizer(selection, "cnn:writer");
        double after = evaluator.evaluate(adapted, others, 0).accuracy();
        double mnist = evaluator.evaluate(adapted, test, 0).accuracy();
        String figures = String.format("new writer (2,000 other digits): %.4f before, %.4f after; MNIST test after %.4f;"
                + " adapt took %.0f s%n%s%n", before, after, mnist, seconds, out);
        System.out.print(figures);
        Files.writeString(Files.createDirectories(Path.of("target/measurements")).resolve("adapt.txt"), figures);

        // The hand is hard for the shipped model (measured 79.0% on these 2,000 digits), and ten
        // examples per digit teach it a good part of what it lacks (measured 90.7%, held-out
        // images 80.0% -> 93.3%); eight points leave room for numeric differences between machines.
        assertTrue(before < 0.90, "the new writer is not hard for the shipped model: " + before);
        assertTrue(after >= before + 0.08, "before " + before + ", after " + after);
        // Replaying MNIST keeps what the model knew (the shipped model: 99.58%; measured 99.50% after).
        assertTrue(mnist >= 0.993, "MNIST test accuracy after adapting " + mnist);

        // the command's own figures: held-out images of the writer, before and after
        Matcher held = Pattern.compile("held-out images of the writer: ([\\d.]+)% before, ([\\d.]+)% after").matcher(out);
        assertTrue(held.find(), out);
        assertTrue(Double.parseDouble(held.group(2)) > Double.parseDouble(held.group(1)), out);
        assertTrue(out.contains("(" + (PER_DIGIT - PER_DIGIT / 4) * 10 + " images adapted on, " + PER_DIGIT / 4 * 10
                + " held out)"), out);
        Matcher mnistLine = Pattern.compile("mnist test images: [\\d.]+% before, ([\\d.]+)% after").matcher(out);
        assertTrue(mnistLine.find(), out);
        assertEquals(100 * mnist, Double.parseDouble(mnistLine.group(1)), 0.006, out);

        // an ordinary model that says where it came from; the one it started from is unchanged
        ModelStore store = workbench.service(ModelStore.class, Duration.ofSeconds(10));
        ModelInfo info = store.find("writer").orElseThrow();
        assertTrue(info.command().contains("adapt --from default"), info.command());
        assertTrue(info.command().endsWith(folder.toAbsolutePath().toString()), info.command());
        assertEquals("deep", info.architecture());
        assertTrue(Files.readString(store.workDirectory("writer").resolve("adaptation.json")).contains("\"fromModel\": \"default\""));
        assertEquals(Files.size(UiFixtures.SHIPPED.resolve("default.zip")), Files.size(models.resolve("default.zip")));
    }

    @Test
    void badSourcesAreRefusedInOneLine() throws Exception {
        workbench.service(Selection.class, Duration.ofSeconds(60));
        AssertionError missing = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> workbench.command("digits:adapt /no/such/folder"));
        assertTrue(missing.getMessage().contains("/no/such/folder is neither 'drawings' nor a folder"), missing.getMessage());
        AssertionError few = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> workbench.command("digits:adapt drawings"));
        assertTrue(few.getMessage().contains("holds 0 images; adapting needs at least 10"), few.getMessage());
        Path folder = NewWriter.saveAsDrawings(ShippedModelIT.mnist().test().slice(0, 20),
                Files.createTempDirectory(Path.of("target"), "writer-"));
        AssertionError unknown = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> workbench.command("digits:adapt --from nosuchmodel " + folder.toAbsolutePath()));
        assertTrue(unknown.getMessage().contains("no stored model 'nosuchmodel' to adapt"), unknown.getMessage());
    }

    /** The first {@code perDigit} indices of each digit below {@code end}, in order. */
    static int[] firstPerDigit(LabelledImages images, int perDigit, int end) {
        List<Integer> out = new ArrayList<>();
        int[] taken = new int[10];
        for (int i = 0; i < end; i++) {
            if (taken[images.label(i)]++ < perDigit) {
                out.add(i);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
