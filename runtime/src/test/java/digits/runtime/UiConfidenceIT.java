package digits.runtime;

import static digits.runtime.UiFixtures.await;
import static digits.runtime.UiFixtures.polyline;
import static digits.runtime.UiFixtures.screenshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import digits.runtime.window.WorkbenchWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 21 in the window: why the model answered (a saliency overlay that toggles), "not a digit"
 * for a scribble drawn with the mouse, and two models compared side by side.
 */
class UiConfidenceIT {

    static TestWorkbench workbench;
    static WorkbenchWindow window;

    @BeforeAll
    static void start() throws Exception {
        Path models = UiFixtures.modelsWithShippedModel();
        // a second model to compare with: the shipped one under another name
        Files.copy(models.resolve("default.zip"), models.resolve("second.zip"));
        Files.writeString(models.resolve("second.json"), Files.readString(models.resolve("default.json"))
                .replaceFirst("\"name\": \"default\"", "\"name\": \"second\""));
        workbench = TestWorkbench.start(true, Map.of("digits.models", models.toString()));
        window = UiFixtures.window(workbench);
        await(Duration.ofSeconds(60), () -> window.recognizerChoices().contains("cnn:default"),
                () -> "cnn:default not offered: " + window.recognizerChoices());
        window.selectTab("Draw");
        window.setField("Recognizer", "cnn:default");
    }

    @AfterAll
    static void stop() throws Exception {
        if (workbench != null) {
            workbench.close();
        }
    }

    @Test
    void theSaliencyOverlayTogglesOverADrawnDigit() throws Exception {
        window.selectTab("Draw");
        window.clearCanvas();
        window.drawStroke(polyline(75, 60, 205, 60, 120, 235));
        assertEquals("7", window.awaitPrediction(10_000), window.topFiveRows().toString());
        assertFalse(window.showsSaliency(), "off at first");
        window.setField("Show why", "the answer");
        await(Duration.ofSeconds(20), window::showsSaliency, () -> "no overlay after choosing 'the answer'");
        screenshot(window, "draw-why-7");
        window.setField("Show why", "the runner-up");
        await(Duration.ofSeconds(20), window::showsSaliency, () -> "no overlay for the runner-up");
        window.setField("Show why", "off");
        await(Duration.ofSeconds(5), () -> !window.showsSaliency(), () -> "the overlay stays after 'off'");
    }

    @Test
    void aScribbleDrawnWithTheMouseIsNotADigit() throws Exception {
        window.selectTab("Draw");
        window.setField("Show why", "off");
        window.clearCanvas();
        // a tangle across the whole canvas, nothing like a digit
        window.drawStroke(polyline(40, 40, 240, 70, 50, 100, 235, 130, 45, 160, 240, 190, 60, 230, 200, 40, 150, 240,
                90, 30, 40, 240));
        assertEquals("not a digit", window.awaitPrediction(10_000), window.topFiveRows().toString());
        assertEquals(5, window.topFiveRows().size(), "the closest guesses stay listed");
        screenshot(window, "draw-not-a-digit");
        window.clearCanvas();
        window.drawStroke(polyline(75, 60, 205, 60, 120, 235));
        assertNotEquals("not a digit", window.awaitPrediction(10_000), "a seven is a digit again");
    }

    @Test
    void twoModelsComparedShowBothCurves() throws Exception {
        window.selectTab("Models");
        window.selectTableRow("default");
        window.clickButton("Add to comparison");
        window.selectTableRow("second");
        window.clickButton("Add to comparison");
        assertEquals(List.of("default", "second"), window.chartSeries("Validation accuracy, compared"));
        screenshot(window, "models-compare");
        window.clickButton("Clear comparison");
        assertEquals(List.of(), window.chartSeries("Validation accuracy, compared"));
    }
}
