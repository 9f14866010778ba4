package digits.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.BatchProgress;
import digits.api.BusyException;
import digits.api.EpochMetrics;
import digits.api.ModelStore;
import digits.api.Recognizer;
import digits.api.Selection;
import digits.api.Trainer;
import digits.api.TrainingListener;
import digits.api.TrainingOutcome;
import digits.api.TrainingRequest;
import digits.api.TrainingRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real DL4J training through the Trainer service inside a real framework, on a slice of MNIST. */
class TrainingIT {

    static TestWorkbench workbench;
    static Path models;

    @BeforeAll
    static void start() throws Exception {
        models = Files.createTempDirectory(Path.of("target"), "models-");
        workbench = TestWorkbench.start(false, Map.of("digits.models", models.toString()));
    }

    @AfterAll
    static void stop() throws Exception {
        workbench.close();
    }

    /** Records what a run reports. */
    static final class Recorder implements TrainingListener {
        final List<BatchProgress> batches = new CopyOnWriteArrayList<>();
        final List<EpochMetrics> epochs = new CopyOnWriteArrayList<>();
        final List<String> messages = new CopyOnWriteArrayList<>();

        @Override
        public void onBatch(BatchProgress p) {
            batches.add(p);
        }

        @Override
        public void onEpoch(EpochMetrics m) {
            epochs.add(m);
        }

        @Override
        public void onMessage(String message) {
            messages.add(message);
        }
    }

    @Test
    void oneEpochOnFourThousandImagesReachesNinetyPercentAndAnswersBusy() throws Exception {
        Trainer trainer = workbench.service(Trainer.class, Duration.ofSeconds(60));
        Recorder recorder = new Recorder();
        TrainingRequest request = TrainingRequest.defaults("mnist").withModelName("slice").withEpochs(1)
                .withTrainLimit(4000);
        TrainingRun run = trainer.start(request, recorder);
        BusyException busy = assertThrows(BusyException.class, () -> trainer.start(request, new Recorder()));
        assertTrue(busy.getMessage().contains("busy"), busy.getMessage());

        TrainingOutcome outcome = run.completion().toCompletableFuture().get(5, TimeUnit.MINUTES);
        assertEquals(TrainingOutcome.State.COMPLETED, outcome.state(), outcome.message());
        assertEquals(1, recorder.epochs.size());
        assertEquals(125, recorder.batches.size(), "4000 images in batches of 32");
        // 125 Adamax steps (lr 0.001) take the reference CNN from chance (10%) to about 85% on
        // validation (measured 85.0%; 86.7% on the 10,000 test images). 75% leaves room for
        // thread timing and seeds while a broken pipeline (labels shuffled, images garbled,
        // preprocessing off) stays near 10-30%.
        double accuracy = recorder.epochs.get(0).validationAccuracy();
        assertTrue(accuracy >= 0.75, "validation accuracy " + accuracy);
        assertTrue(Files.isRegularFile(models.resolve("slice.zip")));
        assertTrue(Files.isRegularFile(models.resolve("slice.json")));

        // the stored model becomes a recognizer at once
        Selection selection = workbench.service(Selection.class, Duration.ofSeconds(10));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (selection.recognizers().stream().noneMatch(r -> r.id().equals("cnn:slice"))) {
            assertTrue(System.nanoTime() < deadline, "cnn:slice not offered");
            Thread.sleep(100);
        }
    }

    @Test
    void stoppingKeepsALoadableModelAndResumeContinuesWithTheUpdaterState() throws Exception {
        Trainer trainer = workbench.service(Trainer.class, Duration.ofSeconds(60));
        ModelStore store = workbench.service(ModelStore.class, Duration.ofSeconds(10));
        Recorder first = new Recorder();
        TrainingRun run = trainer.start(TrainingRequest.defaults("mnist").withModelName("stopped").withEpochs(3)
                .withTrainLimit(2000), first);
        // stop in the middle of the second epoch
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (first.batches.stream().noneMatch(b -> b.epoch() == 1 && b.batch() >= 20)) {
            assertTrue(System.nanoTime() < deadline, "no progress");
            Thread.sleep(20);
        }
        run.stop();
        TrainingOutcome stopped = run.completion().toCompletableFuture().get(2, TimeUnit.MINUTES);
        assertEquals(TrainingOutcome.State.STOPPED, stopped.state(), stopped.message());
        assertEquals(1, stopped.history().size(), "one whole epoch before the stop");

        // a loadable model is kept, and the checkpoint holds the updater state
        Selection selection = workbench.service(Selection.class, Duration.ofSeconds(10));
        Recognizer kept = waitForRecognizer(selection, "cnn:stopped");
        float[] p = kept.recognize(new digits.api.GrayImage(28, 28, new float[784])).probabilities();
        assertEquals(10, p.length);
        Path checkpoint = store.workDirectory("stopped").resolve("checkpoint.zip");
        try (ZipFile z = new ZipFile(checkpoint.toFile())) {
            assertTrue(z.getEntry("updaterState.bin") != null, "checkpoint without updater state");
        }

        Recorder second = new Recorder();
        // no total given (as `digits:resume NAME`): it finishes the 3 epochs the run was asked for
        TrainingRun resumed = trainer.resume("stopped", 0, second);
        TrainingOutcome done = resumed.completion().toCompletableFuture().get(5, TimeUnit.MINUTES);
        assertEquals(TrainingOutcome.State.COMPLETED, done.state(), done.message());
        assertEquals(3, done.history().size(), "history continues: 1 epoch before, 2 after the resume");
        String resumeLine = second.messages.stream().filter(m -> m.startsWith("resumed")).findFirst().orElse("");
        assertTrue(resumeLine.contains("updater state restored"), second.messages.toString());
        // The updater's iteration count continues (Adamax's bias correction depends on it): a fresh
        // updater would start at 0.
        long iteration = Long.parseLong(resumeLine.replaceAll(".*iteration (\\d+).*", "$1"));
        assertTrue(iteration >= 63 + 20, "resumed at iteration " + iteration);
        // and the network continues where it was: its first batches after the resume are far below
        // the first batches of the fresh run (about ln 10 = 2.30)
        double fresh = first.batches.subList(0, 5).stream().mapToDouble(BatchProgress::loss).average().orElseThrow();
        double early = second.batches.subList(0, 5).stream().mapToDouble(BatchProgress::loss).average().orElseThrow();
        assertTrue(early < 0.7 * fresh, "loss after resume " + early + ", at the start " + fresh);
    }

    /**
     * Every optimizer the product ships trains: one short epoch each through the real trainer
     * (DL4J M2.1's AdaBelief throws an index error at the first fit, which is why it is not shipped;
     * this test found it). 50 batches of 32
     * take the reference CNN's loss from about ln 10 = 2.30 to 0.80 (rmsprop) .. 1.80 (nesterov,
     * lr 0.01) in our runs: below 90% of where it started with any of them; a broken
     * updater fails the run, or leaves the loss where it was, or makes it NaN.
     */
    @Test
    void everyShippedOptimizerTrainsAShortEpoch() throws Exception {
        Trainer trainer = workbench.service(Trainer.class, Duration.ofSeconds(60));
        Selection selection = workbench.service(Selection.class, Duration.ofSeconds(10));
        List<String> shipped = List.of("adam", "adamax", "nesterov", "rmsprop");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!selection.optimizers().stream().map(o -> o.id()).toList().containsAll(shipped)) {
            assertTrue(System.nanoTime() < deadline, "optimizers offered: " + selection.optimizers());
            Thread.sleep(100);
        }
        for (String optimizer : shipped) {
            Recorder recorder = new Recorder();
            TrainingRun run = trainer.start(TrainingRequest.defaults("mnist").withModelName("optimizer-" + optimizer)
                    .withOptimizer(optimizer, Map.of()).withEpochs(1).withTrainLimit(1600).withValidationFraction(0.1), recorder);
            TrainingOutcome outcome = run.completion().toCompletableFuture().get(3, TimeUnit.MINUTES);
            assertEquals(TrainingOutcome.State.COMPLETED, outcome.state(), optimizer + ": " + outcome.message());
            List<BatchProgress> b = recorder.batches;
            assertTrue(b.size() >= 45, optimizer + ": " + b.size() + " batches");
            double first = b.subList(0, 3).stream().mapToDouble(BatchProgress::loss).average().orElseThrow();
            double last = b.subList(b.size() - 3, b.size()).stream().mapToDouble(BatchProgress::loss).average().orElseThrow();
            System.out.printf("%s: loss %.3f -> %.3f over %d batches%n", optimizer, first, last, b.size());
            assertTrue(last < 0.9 * first, optimizer + ": loss " + first + " -> " + last);
        }
    }

    static Recognizer waitForRecognizer(Selection selection, String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            for (Recognizer r : selection.recognizers()) {
                if (r.id().equals(id)) {
                    return r;
                }
            }
            assertTrue(System.nanoTime() < deadline, id + " not offered: " + selection.recognizers());
            Thread.sleep(100);
        }
    }
}
