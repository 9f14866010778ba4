package digits.runtime;

import static digits.runtime.UiFixtures.await;
import static digits.runtime.UiFixtures.screenshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.GrayImage;
import digits.api.LabelledImages;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import digits.runtime.window.WorkbenchWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 22's acceptance in the window: digits drawn with real mouse events are saved with their
 * labels from the Teach panel, "Adapt to my handwriting" runs in the background, and the adapted
 * recognizer is selected with the before-and-after figures shown.
 */
class UiTeachIT {

    /** Drawings of each digit saved in an earlier session, before the window opens. */
    static final int EARLIER = 3;
    /** The writer's broad marker: the brush width on the 280-pixel canvas. */
    static final int BRUSH = 30;

    static TestWorkbench workbench;
    static WorkbenchWindow window;
    static Path drawings;
    static LabelledImages test;

    @BeforeAll
    static void start() throws Exception {
        Path models = UiFixtures.modelsWithShippedModel();
        drawings = Files.createTempDirectory(Path.of("target"), "drawings-");
        workbench = TestWorkbench.start(true, Map.of("digits.models", models.toString(), "digits.drawings",
                drawings.toString()));
        ShippedModelIT.workbench = workbench;
        test = ShippedModelIT.mnist().test();
        // the earlier session drew as this one does: MNIST digits traced in the writer's slant with the broad brush
        int[] earlier = AdaptIT.firstPerDigit(test, EARLIER, 5000);
        byte[] pixels = new byte[earlier.length * 784];
        byte[] labels = new byte[earlier.length];
        for (int i = 0; i < earlier.length; i++) {
            float[] p = brushed(slanted(UiFixtures.trace(test.image(earlier[i])))).pixels();
            for (int k = 0; k < 784; k++) {
                pixels[i * 784 + k] = (byte) Math.round(Math.min(1f, Math.max(0f, p[k])) * 255);
            }
            labels[i] = (byte) test.label(earlier[i]);
        }
        NewWriter.saveAsDrawings(new LabelledImages("earlier", 28, 28, pixels, labels), drawings);
        window = UiFixtures.window(workbench);
        await(Duration.ofSeconds(60), () -> window.recognizerChoices().contains("cnn:default"),
                () -> "cnn:default not offered: " + window.recognizerChoices());
    }

    /**
     * The writer's hand: strokes slanted by half a pixel per pixel of height (the top leaning
     * right), at three quarters of the size so that the slant stays on the canvas.
     */
    static List<List<int[]>> slanted(List<List<int[]>> strokes) {
        return strokes.stream().map(stroke -> stroke.stream().map(p -> {
            double x = 0.75 * (p[0] - 140);
            double y = 0.75 * (p[1] - 140);
            return new int[] {(int) Math.round(Math.max(8, Math.min(272, 140 + x - 0.5 * y))), (int) Math.round(140 + y)};
        }).toList()).toList();
    }

    /** Strokes painted as the canvas paints them (round brush, {@link #BRUSH} wide), then preprocessed. */
    static GrayImage brushed(List<List<int[]>> strokes) throws Exception {
        BufferedImage canvas = new BufferedImage(280, 280, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = canvas.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(BRUSH, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (List<int[]> stroke : strokes) {
            for (int i = 1; i < stroke.size(); i++) {
                g.drawLine(stroke.get(i - 1)[0], stroke.get(i - 1)[1], stroke.get(i)[0], stroke.get(i)[1]);
            }
        }
        g.dispose();
        float[] ink = new float[280 * 280];
        for (int k = 0; k < ink.length; k++) {
            ink[k] = canvas.getRaster().getSample(k % 280, k / 280, 0) / 255f;
        }
        return ShippedModelIT.preprocessor("mnist").toModelInput(new GrayImage(280, 280, ink)).orElseThrow();
    }

    @AfterAll
    static void stop() throws Exception {
        if (workbench != null) {
            workbench.close();
        }
    }

    @Test
    void drawingsSavedFromTheTeachPanelAdaptTheRecognizerInTheBackground() throws Exception {
        window.selectTab("Draw");
        // the writer's broad marker
        window.setField("Width", Integer.toString(BRUSH));
        // one more of each digit, drawn with the mouse in the writer's hand: the fourth of each,
        // so the adaptation holds these ten out and measures itself on them
        int[] index = AdaptIT.firstPerDigit(test, EARLIER + 1, 5000);
        for (int digit = 0; digit <= 9; digit++) {
            int image = index[digit * (EARLIER + 1) + EARLIER];
            window.clearCanvas();
            for (List<int[]> stroke : slanted(UiFixtures.trace(test.image(image)))) {
                window.drawStroke(stroke);
            }
            window.awaitPrediction(10_000);
            if (digit % 2 == 0) {
                window.setField("Save drawing as", Integer.toString(digit));
                window.clickButton("Save");
            } else {
                window.clickButton(Integer.toString(digit)); // "Wrong? It was a": one click
            }
            int saved = 10 * EARLIER + digit + 1;
            await(Duration.ofSeconds(10), () -> window.field("Saved drawings").contains("(" + saved + " in all)"),
                    () -> window.field("Saved drawings") + "; status: " + window.statusText());
            if (digit == 0) {
                // the earlier drawings are counted too, and the digits with fewest are asked for
                assertTrue(window.field("Next").contains("Draw 1, 2, 3, 4, 5, 6, 7, 8, 9 next"), window.field("Next"));
            }
            if (digit == 4) {
                assertTrue(window.field("Next").contains("Draw 5, 6, 7, 8, 9 next"), window.field("Next"));
            }
        }
        for (int digit = 0; digit <= 9; digit++) {
            String prefix = digit + "_";
            try (Stream<Path> files = Files.list(drawings)) {
                assertEquals(EARLIER + 1, files.filter(f -> f.getFileName().toString().startsWith(prefix)).count(),
                        "drawings of " + digit);
            }
        }
        screenshot(window, "teach-saved");

        assertEquals("cnn:default", window.field("Recognizer"));
        window.clickButton("Adapt to my handwriting");
        // it runs in the background: the window answers while it does
        await(Duration.ofSeconds(30), () -> window.field("Adaptation").matches("\\d+%: .*"), () -> window.field("Adaptation"));
        assertTrue(!window.isButtonEnabled("Adapt to my handwriting"), "one adaptation at a time");
        window.clearCanvas();
        window.drawStroke(UiFixtures.line(140, 50, 140, 230));
        assertEquals("1", window.awaitPrediction(10_000), "the canvas still recognizes while adapting");

        await(Duration.ofMinutes(5), () -> window.field("Adaptation").startsWith("done"),
                () -> window.field("Adaptation") + "; status: " + window.statusText());
        await(Duration.ofSeconds(30), () -> window.field("Recognizer").equals("cnn:default-adapted"),
                () -> "selected: " + window.field("Recognizer"));
        assertEquals("true", window.field("Use the adapted recognizer"));
        String figures = window.field("Before and after");
        Matcher held = Pattern.compile("your held-out drawings \\(10\\): ([\\d.]+)% before, ([\\d.]+)% after").matcher(figures);
        assertTrue(held.find(), figures);
        Matcher mnist = Pattern.compile("mnist test: ([\\d.]+)% before, ([\\d.]+)% after").matcher(figures);
        assertTrue(mnist.find(), figures);
        assertTrue(Double.parseDouble(mnist.group(2)) >= 99.0, figures);
        System.out.println("Teach panel figures:\n" + figures);
        screenshot(window, "teach-adapted");

        // the switch goes back to the recognizer it started from, and forth again
        window.clickButton("Use the adapted recognizer");
        await(Duration.ofSeconds(10), () -> window.field("Recognizer").equals("cnn:default"),
                () -> "selected: " + window.field("Recognizer"));
        window.clickButton("Use the adapted recognizer");
        await(Duration.ofSeconds(10), () -> window.field("Recognizer").equals("cnn:default-adapted"),
                () -> "selected: " + window.field("Recognizer"));
    }
}
