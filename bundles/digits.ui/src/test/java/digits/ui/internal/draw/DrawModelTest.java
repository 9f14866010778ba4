package digits.ui.internal.draw;

import static digits.ui.internal.Parts.await;
import static digits.ui.internal.Parts.probabilities;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.Explainer;
import digits.api.GrayImage;
import digits.api.Prediction;
import digits.api.Recognizer;
import digits.preprocess.internal.MnistPreprocessor;
import digits.ui.internal.Parts;
import digits.ui.internal.Services;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Draw tab's model without a display: the real MNIST recipe, recognizers written for the test. */
class DrawModelTest {

    private final MnistPreprocessor mnist = new MnistPreprocessor();
    private DrawModel model;

    @AfterEach
    void dispose() {
        if (model != null) {
            model.dispose();
        }
    }

    private DrawModel model(Recognizer... recognizers) {
        Services services = new Services(null);
        services.setSelection(new Parts.FixedSelection(mnist, List.of(recognizers), List.of()));
        model = new DrawModel(services, new Parts.Reports());
        return model;
    }

    /** A 280x280 canvas with a thick vertical bar at {@code x}, as a pen would draw a 1. */
    private static GrayImage bar(int x) {
        float[] ink = new float[280 * 280];
        for (int y = 50; y < 230; y++) {
            for (int dx = 0; dx < 18; dx++) {
                ink[y * 280 + x + dx] = 1;
            }
        }
        return new GrayImage(280, 280, ink);
    }

    @Test
    void aDrawingIsAnsweredWithItsDigitAndConfidenceOnTheInputTheRecipeMade() throws Exception {
        Parts.ScriptedRecognizer seven = new Parts.ScriptedRecognizer("test:seven",
                in -> new Prediction(probabilities(7, 0.9f, 1, 0.05f), "test:seven", 1_000_000));
        DrawModel m = model(seven);
        GrayImage drawing = bar(100);
        m.request(1, () -> drawing);
        await(m::current, m::description);

        assertEquals("7", m.digitText());
        assertTrue(m.description().startsWith("Answer: 7, confidence 90.00%, by test:seven. Top five: 7 90.00%, "
                + "1 5.00%, "), m.description());
        assertEquals(5, m.description().split("Top five: ")[1].split(", ").length, m.description());
        // what the recognizer saw, and what the tab shows as the input, is the recipe's 28x28 image
        GrayImage expected = mnist.toModelInput(drawing).orElseThrow();
        assertEquals(List.of(expected), seven.seen);
        assertEquals(expected, m.input());
        assertTrue(m.timing().startsWith("recognizer test:seven: 1.00 ms"), m.timing());
    }

    @Test
    void aDrawingUnlikeAnyDigitSaysNotADigitAndKeepsTheClosestGuesses() throws Exception {
        DrawModel m = model(new Parts.ScriptedRecognizer("test:odd",
                in -> new Prediction(probabilities(4, 0.3f, 9, 0.25f), "test:odd", 0, true)));
        m.request(1, () -> bar(60));
        await(m::current, m::description);
        assertEquals("not a digit", m.digitText());
        assertTrue(m.description().startsWith("Answer: not a digit, by test:odd. Top five: 4 30.00%, 9 25.00%, "),
                m.description());
    }

    @Test
    void anEmptyCanvasShowsTheHintAndNeverAGuess() throws Exception {
        Parts.ScriptedRecognizer any = new Parts.ScriptedRecognizer("test:any",
                in -> new Prediction(probabilities(1, 0.9f, 7, 0.05f), "test:any", 0));
        DrawModel m = model(any);
        m.request(1, () -> bar(100));
        await(() -> m.current() && m.prediction() != null, m::description);
        m.request(2, null); // cleared
        await(m::current, m::description);
        assertEquals(DrawModel.HINT, m.description());
        assertEquals("", m.digitText());
        assertNull(m.input());
        // all ink erased: paper only, as good as empty
        m.request(3, () -> new GrayImage(280, 280, new float[280 * 280]));
        await(m::current, m::description);
        assertEquals(DrawModel.HINT, m.description());
        assertEquals(1, any.seen.size(), "the recognizer is never asked without ink");
    }

    @Test
    void answersForOlderStrokesAreDroppedWhenStrokesComeFasterThanTheRecognizer() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        // slow at first; it answers the number of its call as the digit
        Parts.ScriptedRecognizer slow = new Parts.ScriptedRecognizer("test:slow", in -> {
            int call = calls.incrementAndGet();
            if (call == 1) {
                entered.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return new Prediction(probabilities(call, 0.9f, 0, 0.05f), "test:slow", 0);
        });
        DrawModel m = model(slow);
        m.request(1, () -> bar(40));
        assertTrue(entered.await(10, TimeUnit.SECONDS), "the first drawing reached the recognizer");
        for (int generation = 2; generation <= 6; generation++) {
            int x = 20 + 30 * generation;
            m.request(generation, () -> bar(x));
            assertFalse(m.current(), "an answer for newer strokes is on its way");
        }
        release.countDown();
        await(m::current, m::description);

        assertEquals(2, calls.get(), "the drawings asked for while the recognizer was busy coalesced into the newest");
        assertEquals(mnist.toModelInput(bar(20 + 30 * 6)).orElseThrow(), slow.seen.get(1), "the newest drawing was read");
        assertEquals("2", m.digitText(), "the answer shown is the newest drawing's");
    }

    @Test
    void showWhyLaysTheMapOfTheAnswerOrTheRunnerUpAndOffTakesItAway() throws Exception {
        AtomicInteger explained = new AtomicInteger(-1);
        Explainer explainer = new Explainer() {
            @Override
            public String method() {
                return "test";
            }

            @Override
            public GrayImage saliency(Recognizer recognizer, GrayImage input, int label) {
                explained.set(label);
                float[] map = new float[input.pixels().length];
                map[0] = label / 10f;
                return new GrayImage(input.width(), input.height(), map);
            }
        };
        Services services = new Services(null);
        services.setSelection(new Parts.FixedSelection(mnist, List.of(new Parts.ScriptedRecognizer("test:seven",
                in -> new Prediction(probabilities(7, 0.7f, 1, 0.2f), "test:seven", 0))), List.of()));
        services.setExplainer(explainer);
        model = new DrawModel(services, new Parts.Reports());
        model.request(1, () -> bar(100));
        await(model::current, model::description);
        assertNull(model.saliency(), "off at first");

        model.setWhy(1);
        await(() -> model.saliency() != null, () -> "no map for the answer");
        assertEquals(7, explained.get());
        assertEquals(0.7f, model.saliency().at(0, 0), 1e-6);
        model.setWhy(2);
        await(() -> model.saliency() != null && model.saliency().at(0, 0) == 0.1f, () -> "no map for the runner-up");
        assertEquals(1, explained.get());
        // a new drawing gets its own map at once
        model.request(2, () -> bar(140));
        await(() -> model.current() && model.saliency() != null, () -> "no map for the new drawing");
        assertEquals(mnist.toModelInput(bar(140)).orElseThrow(), model.input());
        model.setWhy(0);
        assertNull(model.saliency());
        assertNotNull(model.prediction());
    }

    @Test
    void theMapOfTheInputIsLaidBackOverTheInkItCameFrom() throws Exception {
        // an explainer that says "the ink itself": mapped back, it must cover the bar drawn and nothing else
        Explainer inkIsWhy = new Explainer() {
            @Override
            public String method() {
                return "the ink";
            }

            @Override
            public GrayImage saliency(Recognizer recognizer, GrayImage input, int label) {
                return input;
            }
        };
        Services services = new Services(null);
        services.setSelection(new Parts.FixedSelection(mnist, List.of(new Parts.ScriptedRecognizer("test:one",
                in -> new Prediction(probabilities(1, 0.9f, 7, 0.05f), "test:one", 0))), List.of()));
        services.setExplainer(inkIsWhy);
        model = new DrawModel(services, new Parts.Reports());
        model.setWhy(1);
        int left = 200; // far from the middle: the recipe moves it there, the map must come back here
        model.request(1, () -> bar(left));
        await(() -> model.current() && model.drawingSaliency() != null, () -> "no map over the drawing");

        GrayImage over = model.drawingSaliency();
        assertEquals(280, over.width());
        double onBar = 0;
        int barPixels = 0;
        double offBar = 0;
        for (int y = 60; y < 220; y++) {
            for (int dx = 2; dx < 16; dx++) {
                onBar += over.at(left + dx, y);
                barPixels++;
            }
            offBar = Math.max(offBar, Math.max(over.at(left - 40, y), over.at(left + 60, y)));
        }
        assertTrue(onBar / barPixels > 0.6, "the map covers the bar: " + onBar / barPixels);
        assertEquals(0, offBar, 1e-6, "and nothing 40 pixels beside it");
    }
}
