package digits.runtime;

import static digits.runtime.UiFixtures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.runtime.window.WorkbenchWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.framework.FrameworkEvent;

/** Closing the window ends the workbench cleanly, a training in progress included. */
class UiCloseIT {

    @Test
    void closingTheWindowStopsTheTrainingKeepsItsCheckpointAndStopsTheFramework() throws Exception {
        Path models = Files.createTempDirectory(Path.of("target"), "models-");
        try (TestWorkbench workbench = TestWorkbench.start(true, Map.of("digits.models", models.toString()))) {
            WorkbenchWindow window = UiFixtures.window(workbench);
            window.selectTab("Train");
            await(Duration.ofSeconds(60), () -> window.isButtonEnabled("Start"), window::statusText);
            window.setField("Model name", "interrupted");
            window.setField("Epochs", "5");
            window.setField("Train limit", "20000");
            window.clickButton("Start");
            await(Duration.ofSeconds(30), () -> window.chartPointCount("batch loss") >= 5, window::progressText);
            UiFixtures.screenshot(window, "close-while-training");

            window.close();
            FrameworkEvent stopped = workbench.framework.waitForStop(Duration.ofSeconds(60).toMillis());
            assertEquals(FrameworkEvent.STOPPED, stopped.getType(), "the framework stopped by itself: " + stopped);

            // the run was stopped before the engine went, and kept what a resume needs
            Path work = models.resolve("interrupted.d");
            assertTrue(Files.isRegularFile(work.resolve("checkpoint.zip")), "no checkpoint in " + work);
            assertTrue(Files.isRegularFile(models.resolve("interrupted.zip")), "the model so far is kept");
            // the UI thread ended with the window: nothing keeps the JVM alive
            assertFalse(Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().equals("digits-ui") && t.isAlive()), "the UI thread still runs");
        }
    }
}
