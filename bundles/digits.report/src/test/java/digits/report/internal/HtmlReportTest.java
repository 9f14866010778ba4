package digits.report.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.Augmentation;
import digits.api.Comparison;
import digits.api.EpochMetrics;
import digits.api.Evaluation;
import digits.api.Explanation;
import digits.api.GrayImage;
import digits.api.ModelInfo;
import digits.api.Prediction;
import digits.report.NetworkDiagramTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class HtmlReportTest {

    static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    static ModelInfo info(int epochs) {
        List<EpochMetrics> history = new ArrayList<>();
        for (int e = 0; e < epochs; e++) {
            history.add(new EpochMetrics(e, 0.9 / (e + 1), 0.8 + 0.015 * e, 0.5 / (e + 1), 0.85 + 0.012 * e,
                    0.95 + 0.004 * e, 0.86, 0.85, 0.001, 60_000L * (e + 1), 60_000L * (epochs - e - 1)));
        }
        return new ModelInfo("tiny", "reference", "mnist", "0123456789abcdef0123456789abcdef", "adamax",
                Map.of("learningRate", 0.003, "epsilon", 1e-7), epochs, 32, Augmentation.STANDARD, 0.97, 0.99,
                223_274, "2026-11-26T12:00:00Z", "digits train mnist --name tiny <&>", history);
    }

    static Evaluation evaluation() {
        Random random = new Random(1);
        int[][] confusion = new int[10][10];
        int count = 0;
        for (int r = 0; r < 10; r++) {
            for (int c = 0; c < 10; c++) {
                confusion[r][c] = r == c ? 900 + random.nextInt(100) : random.nextInt(4) == 0 ? random.nextInt(30) : 0;
                count += confusion[r][c];
            }
        }
        double[] p = new double[10];
        java.util.Arrays.fill(p, 0.95);
        List<Evaluation.Mistake> mistakes = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            float[] px = new float[28 * 28];
            for (int y = 6; y < 22; y++) {
                px[y * 28 + 10 + i % 5] = 1f;
            }
            mistakes.add(new Evaluation.Mistake(100 + i, i % 10, (i + 3) % 10, 0.99f - i * 0.01f, new GrayImage(28, 28, px)));
        }
        return new Evaluation("cnn:tiny", "mnist/test", count, new double[] {0.95, 0.98, 0.99, 0.995, 0.999}, p, p, p,
                confusion, mistakes, 1234);
    }

    @Test
    void theReportIsOneSelfContainedPageWithEverySection() throws Exception {
        Evaluation e = evaluation();
        String html = HtmlReport.render(new HtmlReport.Data(info(3), NetworkDiagramTest.REFERENCE, e, DIGITS,
                List.of("a note"), Instant.parse("2026-11-26T13:00:00Z")));
        Path samples = Files.createDirectories(Path.of("target/samples"));
        Files.writeString(samples.resolve("report.html"), html);

        for (String id : List.of("training", "settings", "loss-chart", "accuracy-chart", "epochs", "evaluation", "metrics",
                "per-class", "confusion", "mistakes", "network", "diagram", "summary")) {
            assertTrue(html.contains("id=\"" + id + "\""), id);
        }
        assertFalse(html.contains("<script"), "no scripts");
        assertFalse(Pattern.compile("(src|href)=\"(?!data:|#)").matcher(html).find(), "nothing loaded from elsewhere");
        assertTrue(html.contains("digits train mnist --name tiny &lt;&amp;&gt;"), "escaped");
        assertTrue(html.contains("epsilon = 1e-07") && html.contains("learningRate = 0.003"), "hyper-parameters");
        assertTrue(html.contains("223,274"));

        // 10 x 10 counted cells summing to the images evaluated
        Matcher cells = Pattern.compile("data-count=\"(\\d+)\"").matcher(html);
        int n = 0;
        int sum = 0;
        while (cells.find()) {
            n++;
            sum += Integer.parseInt(cells.group(1));
        }
        assertEquals(100, n);
        assertEquals(e.count(), sum);

        // every embedded image decodes: 3 charts + 12 mistakes as PNG, the diagram as SVG
        assertEquals(3 + 12, decodedPngs(html));
        Matcher svg = Pattern.compile("src=\"data:image/svg\\+xml;base64,([^\"]+)\"").matcher(html);
        assertTrue(svg.find());
        assertTrue(new String(Base64.getDecoder().decode(svg.group(1))).startsWith("<svg"));
    }

    @Test
    void eachMistakeShowsWhyItWasReadSoAndWhatSpokeForTheRunnerUp() throws Exception {
        Evaluation e = evaluation();
        Map<Integer, Explanation> why = new java.util.HashMap<>();
        for (Evaluation.Mistake m : e.mistakes()) {
            float[] map = new float[784];
            map[14 * 28 + 14] = 1;
            why.put(m.index(), new Explanation(new Prediction.Ranked(m.predicted(), m.confidence()), new GrayImage(28, 28, map),
                    new Prediction.Ranked(m.label(), 0.01f), new GrayImage(28, 28, new float[784])));
        }
        String html = HtmlReport.render(new HtmlReport.Data(info(3), NetworkDiagramTest.REFERENCE, e, DIGITS, List.of(),
                Instant.now(), why, null));
        Evaluation.Mistake first = e.mistakes().get(0);
        assertEquals(12, count(html, "class=\"saliency answer\""));
        assertEquals(12, count(html, "class=\"saliency runner-up\""));
        assertTrue(html.contains("alt=\"why it read a " + first.predicted() + ": the ink in red\""), "the answer's map");
        assertTrue(html.contains("alt=\"what spoke for a " + first.label() + ", its runner-up: the ink in red\""),
                "the runner-up's map");
        assertTrue(html.contains("runner-up <b>" + first.label() + "</b> 1.00%"), "the runner-up's probability");
        assertEquals(3 + 3 * 12, decodedPngs(html));
        assertFalse(html.contains("id=\"comparison\""), "no comparison asked for");
    }

    @Test
    void aComparisonPutsTheModelsSideBySideWithTheImagesWhereTheyDisagree() throws Exception {
        Evaluation e = evaluation();
        ModelInfo other = info(5).withName("other");
        List<Comparison.Disagreement> differ = new ArrayList<>();
        for (Evaluation.Mistake m : e.mistakes().subList(0, 4)) {
            differ.add(new Comparison.Disagreement(m.index(), m.label(), m.image(),
                    List.of(new Prediction.Ranked(m.predicted(), 0.9f), new Prediction.Ranked(m.label(), 0.8f))));
        }
        Comparison c = new Comparison("mnist/test", e.count(), List.of(e, e), 4, differ);
        String html = HtmlReport.render(new HtmlReport.Data(info(3), NetworkDiagramTest.REFERENCE, e, DIGITS, List.of(),
                Instant.now(), Map.of(), new HtmlReport.Compared(c, List.of(info(3), other))));
        Files.writeString(Files.createDirectories(Path.of("target/samples")).resolve("report-compared.html"), html);

        for (String id : List.of("comparison", "comparison-chart", "comparison-metrics", "disagreement-count", "disagreements")) {
            assertTrue(html.contains("id=\"" + id + "\""), id);
        }
        assertTrue(html.contains("<a href=\"#comparison\">"), "in the navigation");
        assertTrue(html.contains("<th scope=\"col\">tiny</th><th scope=\"col\">other</th>"), "a column per model");
        assertTrue(html.contains("<tr><th>epochs</th><td>3</td><td>5</td></tr>"), "their own figures");
        assertTrue(html.contains("<tr><th>right where they disagree</th><td>0</td><td>4</td></tr>"), "who is right there");
        assertTrue(html.contains("data-disagreements=\"4\""));
        Evaluation.Mistake first = e.mistakes().get(0);
        assertTrue(html.contains("<figure data-label=\"" + first.label() + "\" data-answers=\"" + first.predicted() + ","
                + first.label() + "\">"), "each answer, in the models' order");
        assertTrue(html.contains("other: <b>" + first.label() + "</b> 80.00% \u2713"), "the right one marked");
        assertEquals(3 + 12 + 1 + 4, decodedPngs(html), "charts, mistakes, the compared curves, the disagreements");
    }

    static int count(String html, String needle) {
        return html.split(Pattern.quote(needle), -1).length - 1;
    }

    /** How many embedded PNG images there are, each decoded. */
    static int decodedPngs(String html) throws Exception {
        Matcher png = Pattern.compile("src=\"data:image/png;base64,([^\"]+)\"").matcher(html);
        int images = 0;
        while (png.find()) {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(png.group(1))));
            assertNotNull(img);
            assertTrue(img.getWidth() > 0);
            images++;
        }
        return images;
    }

    @Test
    void aModelWithoutHistoryOrEvaluationStillGetsAReport() {
        ModelInfo bare = new ModelInfo("imported", "unknown", "unknown", "", "", null, 0, 0, null, Double.NaN,
                Double.NaN, 0, null, null, null);
        String html = HtmlReport.render(new HtmlReport.Data(bare, NetworkDiagramTest.REFERENCE, null, DIGITS, List.of(),
                Instant.now()));
        assertTrue(html.contains("No per-epoch history"));
        assertTrue(html.contains("Not evaluated"));
        assertFalse(html.contains("id=\"confusion\""));
    }

    @Test
    void oneEpochStillDrawsItsCurves() throws Exception {
        byte[] png = Charts.loss(info(1).history());
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(Charts.WIDTH, image.getWidth());
        // The one epoch's train and validation points are drawn in the plot, in their series'
        // colours, not only in the legend below it.
        assertTrue(pixelsInPlot(image, 0x4e79a7) >= 10, "train point: " + pixelsInPlot(image, 0x4e79a7) + " pixels");
        assertTrue(pixelsInPlot(image, 0xe15759) >= 10, "validation point: " + pixelsInPlot(image, 0xe15759) + " pixels");
        Files.write(Files.createDirectories(Path.of("target/samples")).resolve("loss-1-epoch.png"), png);
        Files.write(Path.of("target/samples/accuracy-15-epochs.png"), Charts.accuracy(info(15).history()));
    }

    /** Pixels of exactly this colour above the legend (the bottom fifth of the chart). */
    static int pixelsInPlot(BufferedImage image, int rgb) {
        int n = 0;
        for (int y = 0; y < image.getHeight() * 4 / 5; y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                n += (image.getRGB(x, y) & 0xffffff) == rgb ? 1 : 0;
            }
        }
        return n;
    }

    @Test
    void numbersReadAsWrittenByHand() {
        assertEquals("0.003", HtmlReport.number(0.003));
        assertEquals("1e-07", HtmlReport.number(1e-7));
        assertEquals("10", HtmlReport.number(10.0));
        assertEquals("0.9", HtmlReport.number(0.9));
        assertEquals("-", HtmlReport.number(Double.NaN));
    }
}
