package digits.runtime;

import static digits.runtime.UiFixtures.await;
import static digits.runtime.UiFixtures.polyline;
import static digits.runtime.UiFixtures.screenshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.runtime.window.WorkbenchWindow;
import digits.api.GrayImage;
import digits.api.LabelledImages;
import digits.api.Prediction;
import digits.api.Selection;
import digits.api.Trainer;
import digits.api.TrainingOutcome;
import digits.api.TrainingRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
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
    void twoModelsComparedShowBothCurvesAndTheImagesWhereTheyDisagree() throws Exception {
        // a model that reads differently from the shipped one: a small network trained here in seconds
        Trainer trainer = workbench.service(Trainer.class, Duration.ofSeconds(60));
        TrainingOutcome outcome = trainer.start(TrainingRequest.defaults("mnist").withModelName("tiny")
                .withArchitecture("reference").withEpochs(1).withTrainLimit(1000), new TrainingIT.Recorder())
                .completion().toCompletableFuture().get(3, TimeUnit.MINUTES);
        assertEquals(TrainingOutcome.State.COMPLETED, outcome.state(), outcome.message());
        await(Duration.ofSeconds(60), () -> window.recognizerChoices().contains("cnn:tiny"), () -> "cnn:tiny not offered");

        window.selectTab("Models");
        window.setField("Test images compared", "300");
        window.selectTableRow("default");
        window.clickButton("Add to comparison");
        window.selectTableRow("tiny");
        window.clickButton("Add to comparison");
        assertEquals(List.of("default", "tiny"), window.chartSeries("Validation accuracy, compared"));

        // where they disagree, from the two recognizers' own answers
        LabelledImages test = UiFixtures.dataset(workbench, "mnist").test().slice(0, 300);
        List<List<Prediction>> answers = UiFixtures.answers(workbench, List.of("cnn:default", "cnn:tiny"), test);
        List<Integer> differ = UiFixtures.disagreements(answers);
        assertTrue(!differ.isEmpty(), "a model trained for seconds reads some of 300 digits otherwise than the shipped one");
        String expected = "default and tiny disagree on " + differ.size() + " of 300 ";
        await(Duration.ofSeconds(60), () -> window.labelText("models.disagreements.caption").startsWith(expected),
                () -> "the caption is: " + window.labelText("models.disagreements.caption"));

        // the first tile, as the pointer over it shows it: the first image they disagree on, both answers
        int first = differ.get(0);
        String tile = window.tooltipAt("models.disagreements", 30, 30);
        assertTrue(tile.startsWith("test image " + first + ", a " + test.label(first) + ": default "
                + answers.get(0).get(first).best().label() + " ("), tile);
        assertTrue(tile.contains("; tiny " + answers.get(1).get(first).best().label() + " ("), tile);
        screenshot(window, "models-disagreements");

        window.clickButton("Clear comparison");
        assertEquals(List.of(), window.chartSeries("Validation accuracy, compared"));
        await(Duration.ofSeconds(5), () -> window.labelText("models.disagreements.caption").startsWith("Put two models"),
                () -> "the caption is: " + window.labelText("models.disagreements.caption"));
    }

    @Test
    void clickingAMistakeInEvaluateShowsTheSaliencyOfItsAnswerAndRunnerUp() throws Exception {
        window.selectTab("Evaluate");
        await(Duration.ofSeconds(60), () -> window.isButtonEnabled("Evaluate"), window::statusText);
        window.setField("Model", "cnn:default");
        window.setField("Dataset", "mnist");
        window.setField("Images", "1000");
        window.clickButton("Evaluate");
        await(Duration.ofSeconds(90), () -> window.galleryImageCount() > 0, window::statusText);

        // the first tile is the mistake the model was surest of, found here from its own answers
        LabelledImages test = UiFixtures.dataset(workbench, "mnist").test().slice(0, 1000);
        List<Prediction> answers = UiFixtures.answers(workbench, List.of("cnn:default"), test).get(0);
        int surest = -1;
        List<Prediction.Ranked> surestTop = null;
        for (int i = 0; i < test.count(); i++) {
            List<Prediction.Ranked> top = answers.get(i).top(2);
            if (top.get(0).label() != test.label(i) && (surestTop == null
                    || top.get(0).probability() > surestTop.get(0).probability())) {
                surest = i;
                surestTop = top;
            }
        }
        // the pointer over the first tile shows its caption, a click on it asks why
        assertTrue(window.tooltipAt("evaluate.gallery", 30, 30).startsWith(test.label(surest) + " → "
                + surestTop.get(0).label()), window.tooltipAt("evaluate.gallery", 30, 30));
        window.clickAt("evaluate.gallery", 30, 30);
        int label = test.label(surest);
        String expected = "A " + label + " read as " + surestTop.get(0).label() + " (";
        await(Duration.ofSeconds(30), () -> window.labelText("evaluate.why").startsWith(expected),
                () -> "the explanation is: " + window.labelText("evaluate.why"));
        assertTrue(window.labelText("evaluate.why").contains("runner-up " + surestTop.get(1).label() + " ("),
                window.labelText("evaluate.why"));
        assertEquals("saliency map of " + surestTop.get(0).label() + ", the answer",
                window.tooltipAt("evaluate.why.answer", 20, 20));
        assertEquals("saliency map of " + surestTop.get(1).label() + ", the runner-up",
                window.tooltipAt("evaluate.why.runner-up", 20, 20));
        screenshot(window, "evaluate-why");
    }
}
