package digits.engine.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.GrayImage;
import digits.api.ModelInfo;
import digits.api.Recognizer;
import digits.preprocess.Images;
import digits.preprocess.internal.MnistPreprocessor;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.GlyphVector;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The deletion test (Petsiuk et al., 2018) for the saliency method the workbench shows: removing
 * the ink a map calls most important first must lower the predicted digit's probability faster
 * than removing ink in random order. Run on the shipped model with digits typeset and drawn on a
 * 280x280 canvas, through the MNIST recipe, as a drawing would arrive.
 */
class ExplainerTest {

    static final Path SHIPPED = Path.of("../../models/default.zip");
    static final int STEPS = 10;

    @Test
    void removingTheMostSalientInkFirstLowersTheProbabilityFasterThanRandomRemoval() throws Exception {
        Recognizer shipped = new CnnRecognizer(new ModelInfo("default", "deep", "mnist", "", "adamax", Map.of(), 0, 0,
                null, Double.NaN, Double.NaN, 0, "", "", List.of()), SHIPPED);
        OcclusionExplainer explainer = new OcclusionExplainer();
        double salient = 0;
        double random = 0;
        int images = 0;
        for (String family : new String[] {"DejaVu Sans", "DejaVu Serif"}) {
            for (int digit = 0; digit <= 9; digit++) {
                GrayImage input = typeset(family, digit);
                int label = shipped.recognize(input).best().label();
                float[] map = explainer.saliency(shipped, input, label).pixels();
                salient += deletionArea(shipped, input, label, orderBy(map, input));
                SplittableRandom r = new SplittableRandom(digit);
                for (int k = 0; k < 3; k++) {
                    random += deletionArea(shipped, input, label, shuffledInk(input, r)) / 3;
                }
                images++;
            }
        }
        salient /= images;
        random /= images;
        System.out.printf("deletion test, %d images: mean probability while deleting, occlusion order %.3f, random order %.3f%n",
                images, salient, random);
        // The area under the deletion curve: a faithful map drives it well below random order's.
        assertTrue(salient < 0.7 * random, "occlusion " + salient + " against random " + random);
    }

    /** Mean probability of {@code label} as the ink is removed in {@code order}, 10% of it per step. */
    static double deletionArea(Recognizer r, GrayImage input, int label, List<Integer> order) {
        float[] p = input.pixels();
        List<GrayImage> steps = new ArrayList<>();
        for (int s = 1; s <= STEPS; s++) {
            int upTo = order.size() * s / STEPS;
            float[] q = p.clone();
            for (int i = 0; i < upTo; i++) {
                q[order.get(i)] = 0;
            }
            steps.add(new GrayImage(28, 28, q));
        }
        double sum = 0;
        for (var prediction : r.recognizeAll(steps)) {
            sum += prediction.probabilities()[label];
        }
        return sum / STEPS;
    }

    static List<Integer> orderBy(float[] map, GrayImage input) {
        float[] p = input.pixels();
        List<Integer> ink = new ArrayList<>();
        for (int i = 0; i < p.length; i++) {
            if (p[i] > 0) {
                ink.add(i);
            }
        }
        ink.sort((a, b) -> Float.compare(map[b], map[a]));
        return ink;
    }

    static List<Integer> shuffledInk(GrayImage input, SplittableRandom random) {
        List<Integer> ink = orderBy(new float[784], input);
        for (int i = ink.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            ink.set(i, ink.set(j, ink.get(i)));
        }
        return ink;
    }

    /** A digit typeset large on a white 280x280 canvas, as the canvas pipeline sees it. */
    static GrayImage typeset(String family, int digit) {
        BufferedImage b = new BufferedImage(280, 280, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = b.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 280, 280);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        GlyphVector gv = new Font(family, Font.PLAIN, 200).createGlyphVector(g.getFontRenderContext(), String.valueOf(digit));
        Rectangle2D box = gv.getVisualBounds();
        g.translate(140 - box.getCenterX(), 140 - box.getCenterY());
        g.setColor(Color.BLACK);
        g.fill(gv.getOutline());
        g.dispose();
        GrayImage canvas = Images.fromArgb(280, 280, b.getRGB(0, 0, 280, 280, null, 0, 280));
        return new MnistPreprocessor().toModelInput(canvas).orElseThrow();
    }
}
