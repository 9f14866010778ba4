package digits.runtime;

import static digits.runtime.ExtrasFixtures.bundle;
import static digits.runtime.ExtrasFixtures.command;
import static digits.runtime.ExtrasFixtures.jar;
import static digits.runtime.ExtrasFixtures.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.BatchProgress;
import digits.api.Selection;
import digits.api.Trainer;
import digits.api.TrainingListener;
import digits.api.TrainingOutcome;
import digits.api.TrainingRequest;
import digits.api.TrainingRun;
import digits.api.OptimizerDescription;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An optimizer bundle installed and uninstalled while trainings run. */
class ExtrasOptimizerIT {

    static TestWorkbench workbench;
    static Trainer trainer;
    static Selection selection;

    @BeforeAll
    static void start() throws Exception {
        Path models = Files.createTempDirectory(Path.of("target"), "models-");
        workbench = TestWorkbench.start(false, Map.of("digits.models", models.toString()));
        trainer = workbench.service(Trainer.class, Duration.ofSeconds(60));
        selection = workbench.service(Selection.class, Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() throws Exception {
        workbench.close();
    }

    /** Records what a run reports. */
    static final class Recorder implements TrainingListener {
        final List<BatchProgress> batches = new CopyOnWriteArrayList<>();
        final List<String> messages = new CopyOnWriteArrayList<>();

        @Override
        public void onBatch(BatchProgress p) {
            batches.add(p);
        }

        @Override
        public void onMessage(String message) {
            messages.add(message);
        }
    }

    /** A tiny run: 1,000 images, one epoch by default. */
    static TrainingRequest tiny(String name, String optimizer) {
        return TrainingRequest.defaults("mnist").withModelName(name).withOptimizer(optimizer, Map.of())
                .withTrainLimit(1000).withEpochs(1);
    }

    @Test
    void installingAnOptimizerDuringATrainingLeavesItAloneAndTheNextRunCanUseIt() throws Exception {
        if (bundle(workbench, "digits.extras.amsgrad") != null) {
            command(workbench, "digits:uninstall digits.extras.amsgrad");
        }
        Recorder first = new Recorder();
        TrainingRun run = trainer.start(tiny("before-amsgrad", "adamax"), first);
        waitUntil(() -> !first.batches.isEmpty(), Duration.ofMinutes(2), "the first run made no progress");

        String installed = command(workbench, "digits:install " + jar("digits.extras.amsgrad"));
        assertTrue(installed.startsWith("installed and started digits.extras.amsgrad 0.1.0"), installed);
        assertFalse(run.completion().toCompletableFuture().isDone(), "the run had ended before the install; nothing was tested");
        waitUntil(() -> selection.optimizers().stream().anyMatch(o -> o.id().equals("amsgrad")), Duration.ofSeconds(10),
                "amsgrad not offered");

        TrainingOutcome outcome = run.completion().toCompletableFuture().get(5, TimeUnit.MINUTES);
        assertEquals(TrainingOutcome.State.COMPLETED, outcome.state(), outcome.message());
        assertEquals(32, first.batches.size(), "1,000 images in batches of 32, all of them");

        Recorder second = new Recorder();
        TrainingOutcome next = trainer.start(tiny("with-amsgrad", "amsgrad"), second).completion()
                .toCompletableFuture().get(5, TimeUnit.MINUTES);
        assertEquals(TrainingOutcome.State.COMPLETED, next.state(), next.message());
        assertEquals(32, second.batches.size());
        // 32 Nadam steps from ln 10 = 2.30: a loss that did not fall means the updater did nothing.
        double start = second.batches.subList(0, 4).stream().mapToDouble(BatchProgress::loss).average().orElseThrow();
        double end = second.batches.subList(28, 32).stream().mapToDouble(BatchProgress::loss).average().orElseThrow();
        assertTrue(end < 0.8 * start, "loss " + start + " -> " + end);
    }

    @Test
    void uninstallingTheOptimizerInUseEndsTheTrainingCleanlyWithACheckpoint() throws Exception {
        String installed = command(workbench, "digits:install " + jar("digits.extras.amsgrad"));
        assertTrue(installed.contains("digits.extras.amsgrad"), installed);
        waitUntil(() -> selection.optimizers().stream().anyMatch(o -> o.id().equals("amsgrad")), Duration.ofSeconds(10),
                "amsgrad not offered");

        Recorder recorder = new Recorder();
        // three epochs, so the uninstall surely comes before the end
        TrainingRun run = trainer.start(tiny("losing-amsgrad", "amsgrad").withEpochs(3), recorder);
        waitUntil(() -> recorder.batches.size() >= 3, Duration.ofMinutes(2), "the run made no progress");

        String removed = command(workbench, "digits:uninstall digits.extras.amsgrad");
        assertTrue(removed.startsWith("uninstalled digits.extras.amsgrad 0.1.0"), removed);
        assertNull(bundle(workbench, "digits.extras.amsgrad"));

        TrainingOutcome outcome = run.completion().toCompletableFuture().get(3, TimeUnit.MINUTES);
        assertEquals(TrainingOutcome.State.FAILED, outcome.state(), outcome.message());
        assertTrue(outcome.message().contains("optimizer 'amsgrad' was uninstalled"), outcome.message());
        assertFalse(outcome.checkpoint().isEmpty(), "no checkpoint named");
        assertTrue(Files.isRegularFile(Path.of(outcome.checkpoint())), outcome.checkpoint());
        waitUntil(() -> trainer.current().isEmpty(), Duration.ofSeconds(10), "the trainer is not free again");

        // the workbench is whole, and uses another optimizer now
        assertEquals(List.of(), workbench.inactiveBundles());
        assertEquals("adamax", selection.activeOptimizer().map(OptimizerDescription::id).orElse("none"));
        assertTrue(selection.optimizers().stream().noneMatch(o -> o.id().equals("amsgrad")));
    }
}
