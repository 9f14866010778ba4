package digits.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.GrayImage;
import digits.api.LabelledImages;
import digits.api.ModelInfo;
import digits.api.ModelStore;
import digits.api.Prediction;
import digits.api.Selection;
import digits.api.Trainer;
import digits.api.TrainingRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The digits: commands as a user types them: train, halt, resume, evaluate, use; real training on slices. */
class ShellIT {

    static TestWorkbench workbench;
    static Path models;

    @BeforeAll
    static void start() throws Exception {
        models = Files.createTempDirectory(Path.of("target"), "models-");
        workbench = TestWorkbench.start(false, Map.of("digits.models", models.toString()));
        workbench.service(Trainer.class, Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() throws Exception {
        workbench.close();
    }

    @Test
    void trainHaltResumeAndEvaluateFromTheShell() throws Exception {
        Trainer trainer = workbench.service(Trainer.class, Duration.ofSeconds(10));
        CompletableFuture<String> training = CompletableFuture.supplyAsync(() -> {
            try {
                return workbench.command("digits:train --name shell-run --epochs 2 --limit 2000 mnist");
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        // halt in the second epoch, from another session
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (trainer.current().map(TrainingRun::history).map(h -> h.size() < 1).orElse(true)) {
            assertTrue(System.nanoTime() < deadline && !training.isDone(), "no epoch done: " + (training.isDone() ? training.get() : ""));
            Thread.sleep(20);
        }
        assertTrue(workbench.command("digits:halt").endsWith("stopping shell-run"));
        String stopped = training.get(2, TimeUnit.MINUTES);
        assertTrue(stopped.contains("STOPPED: stopped by the user"), stopped);
        assertEquals("no training in progress", workbench.command("digits:halt"));

        // no total given: it finishes the 2 epochs it was asked for
        String resumed = workbench.command("digits:resume shell-run");
        assertTrue(resumed.contains("COMPLETED: completed 2 epochs") && resumed.contains("(model shell-run)"), resumed);

        String evaluation = workbench.command("digits:evaluate --limit 500 shell-run");
        // two epochs on 2,000 images take the reference CNN to about 90% (a broken pipeline: 10-30%)
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("accuracy\\s+(\\d+\\.\\d+)%").matcher(evaluation);
        assertTrue(m.find(), evaluation);
        assertTrue(Double.parseDouble(m.group(1)) >= 75, evaluation);
        assertTrue(workbench.command("digits:models").lines().anyMatch(l -> l.startsWith("shell-run ")));
    }

    @Test
    void fineTuningStartsFromTheStoredWeights() throws Exception {
        workbench.command("digits:train --name base --epochs 1 --limit 2000 mnist");
        String tuned = workbench.command("digits:train --name tuned --from base --epochs 1 --limit 300 mnist");
        assertTrue(tuned.contains("COMPLETED"), tuned);
        ModelStore store = workbench.service(ModelStore.class, Duration.ofSeconds(10));
        ModelInfo info = store.find("tuned").orElseThrow();
        assertTrue(info.command().contains("--from base"), info.command());
        // ten updates on 300 images take a fresh network to about 30-50%; from base's weights
        // (about 85%) it stays there
        assertTrue(info.testAccuracy() >= 0.75, "tuned " + info.testAccuracy() + ", base "
                + store.find("base").map(ModelInfo::testAccuracy).orElse(Double.NaN));
        compareListsTheTestImagesWhereTheModelsDisagree();
    }

    /** {@code digits:compare} of the two models just trained, checked against their own answers. */
    void compareListsTheTestImagesWhereTheModelsDisagree() throws Exception {
        Selection selection = workbench.service(Selection.class, Duration.ofSeconds(10));
        // the engine offers a stored model as a recognizer shortly after storing it
        UiFixtures.await(Duration.ofSeconds(30), () -> selection.recognizers().stream().filter(r -> r.id().equals("cnn:tuned")
                || r.id().equals("cnn:base")).count() == 2, () -> "not offered: " + selection.recognizers());
        String out = workbench.command("digits:compare --limit 300 base tuned");
        LabelledImages test = UiFixtures.dataset(workbench, "mnist").test().slice(0, 300);
        List<List<Prediction>> answers = UiFixtures.answers(workbench, List.of("cnn:base", "cnn:tuned"), test);
        List<Integer> differ = UiFixtures.disagreements(answers);
        assertTrue(out.contains(String.format("they disagree on %d of 300 images", differ.size())), out);
        // one line per image they disagree on (up to 20), each answer marked right where it is
        for (int i : differ.subList(0, Math.min(20, differ.size()))) {
            int base = answers.get(0).get(i).best().label();
            int tuned = answers.get(1).get(i).best().label();
            String line = out.lines().filter(l -> l.startsWith(String.format("  image %5d,", i))).findFirst()
                    .orElseThrow(() -> new AssertionError("image " + i + " not listed:\n" + out));
            assertTrue(line.startsWith(String.format("  image %5d, true %d:  cnn:base %d (", i, test.label(i), base)), line);
            assertTrue(line.contains("cnn:tuned " + tuned + " ("), line);
            assertEquals((base == test.label(i) ? 1 : 0) + (tuned == test.label(i) ? 1 : 0), line.split(" right", -1).length - 1,
                    line);
        }
    }

    @Test
    void earlyStoppingEndsARunWhoseValidationLossNoLongerImprovesByTheThreshold() throws Exception {
        // a learning rate of 1e-9 moves the validation loss by far less than the 1e-4 that counts
        String out = workbench.command("digits:train --name flat --lr 0.000000001 --epochs 5 --patience 1 --limit 300 mnist");
        assertTrue(out.contains("EARLY_STOPPED: early stopping: no improvement of validation loss for 1 epochs"), out);
        ModelStore store = workbench.service(ModelStore.class, Duration.ofSeconds(10));
        assertEquals(2, store.find("flat").map(ModelInfo::history).map(java.util.List::size).orElse(0),
                "two epochs of five");
    }

    @Test
    void useMakesARecognizerOrOptimizerActiveAndNamesWhatIsThereWhenAsked() throws Exception {
        // the command's answer is its last line (the selection's log line may come before it)
        assertTrue(workbench.command("digits:use optimizer adam").endsWith("using optimizer adam"));
        assertTrue(workbench.command("digits:optimizers").lines().anyMatch(l -> l.startsWith("* adam ")));
        assertTrue(workbench.command("digits:use optimizer adamax").endsWith("using optimizer adamax"));
        AssertionError e = assertThrows(AssertionError.class, () -> workbench.command("digits:use recognizer nope"));
        assertTrue(e.getMessage().contains("no recognizer 'nope'; present: ["), e.getMessage());
        AssertionError kind = assertThrows(AssertionError.class, () -> workbench.command("digits:use dataset mnist"));
        assertTrue(kind.getMessage().contains("use recognizer ID, or use optimizer ID"), kind.getMessage());
    }
}
