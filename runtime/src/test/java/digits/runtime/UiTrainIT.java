package digits.runtime;

import static digits.runtime.UiFixtures.await;
import static digits.runtime.UiFixtures.screenshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.runtime.window.WorkbenchWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Train tab trains for real on a slice of MNIST and shows it as it goes. */
class UiTrainIT {

    @Test
    void aTrainingStartedInTheWindowFillsTheChartsAndEndsAtOneHundredPercent() throws Exception {
        Path models = Files.createTempDirectory(Path.of("target"), "models-");
        try (TestWorkbench workbench = TestWorkbench.start(true, Map.of("digits.models", models.toString()))) {
            WorkbenchWindow window = UiFixtures.window(workbench);
            window.selectTab("Train");
            await(Duration.ofSeconds(60), () -> window.isButtonEnabled("Start"),
                    () -> "Start stays disabled: " + window.statusText());
            assertEquals("adamax", window.field("Optimizer"), "the active optimizer is preselected");
            assertEquals("0.001", window.field("learningRate"), "the optimizer's default is shown");
            window.setField("Model name", "ui-slice");
            window.setField("Dataset", "mnist");
            window.setField("Epochs", "1");
            window.setField("Train limit", "2000");
            window.clickButton("Start");

            await(Duration.ofSeconds(20), () -> window.chartPointCount("batch loss") > 0,
                    () -> "no batch reached the chart: " + window.progressText());
            assertTrue(window.progressText().matches("epoch 1/1 · batch \\d+/63 · .*elapsed.*ETA.*"),
                    window.progressText());
            await(Duration.ofMinutes(3), () -> window.progressText().startsWith("Completed"), window::progressText);

            assertEquals(100, window.progressPercent());
            assertTrue(window.progressText().contains("100%"), window.progressText());
            // 2,000 training images in batches of 32: 63 batches; one epoch: a train and a
            // validation point in each epoch chart
            assertEquals(63, window.chartPointCount("batch loss"));
            assertEquals(2, window.chartPointCount("loss"));
            assertEquals(2, window.chartPointCount("accuracy"));
            screenshot(window, "train");

            assertTrue(Files.isRegularFile(models.resolve("ui-slice.zip")));
            window.selectTab("Models");
            await(Duration.ofSeconds(10), () -> window.tableRows().stream().anyMatch(r -> r.startsWith("ui-slice")),
                    () -> "not listed: " + window.tableRows());
            screenshot(window, "models");
        }
    }
}
