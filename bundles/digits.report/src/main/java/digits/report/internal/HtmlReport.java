package digits.report.internal;

import digits.api.Augmentation;
import digits.api.Calibration;
import digits.api.Comparison;
import digits.api.EpochMetrics;
import digits.api.Evaluation;
import digits.api.Explanation;
import digits.api.GrayImage;
import digits.api.Prediction;
import digits.api.LayerSummary;
import digits.api.ModelInfo;
import digits.api.ModelSummary;
import digits.report.NetworkDiagram;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model's report as one HTML page with everything embedded (images as data URIs, styles
 * inline, no scripts, no links out), so it opens anywhere, offline, and can be mailed as one file.
 */
final class HtmlReport {

    /**
     * What goes into a report.
     *
     * @param info        the model's metadata (settings, history)
     * @param summary     its network, layer by layer
     * @param evaluation  an evaluation on test images; null for none
     * @param classNames  the name of each class, index = label
     * @param notes       sentences for the reader (e.g. which dataset stood in for a missing one)
     * @param generated   when the report was made
     * @param why         for each mistake, by image index, the saliency of its answer and runner-up (may be empty)
     * @param comparison  the model beside others on the same test images; null for none
     */
    record Data(ModelInfo info, ModelSummary summary, Evaluation evaluation, List<String> classNames, List<String> notes,
            Instant generated, Map<Integer, Explanation> why, Compared comparison) {
        Data(ModelInfo info, ModelSummary summary, Evaluation evaluation, List<String> classNames, List<String> notes,
                Instant generated) {
            this(info, summary, evaluation, classNames, notes, generated, Map.of(), null);
        }
    }

    /**
     * Models compared on the same images.
     *
     * @param comparison the report's model first, then the others
     * @param infos      their metadata, in the same order
     */
    record Compared(Comparison comparison, List<ModelInfo> infos) {}

    private static final int MISTAKE_SCALE = 3;
    private static final int DIAGONAL = 0x2e7d32;
    private static final int ERROR = 0xc62828;

    private HtmlReport() {}

    static String render(Data d) {
        ModelInfo m = d.info();
        StringBuilder h = new StringBuilder(256 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"generator\" content=\"Digit Workbench (digits.report)\">\n")
                .append("<title>Model report: ").append(esc(m.name())).append("</title>\n<style>\n").append(CSS)
                .append("</style>\n</head>\n<body>\n");
        h.append("<header>\n<h1>Model <code>").append(esc(m.name())).append("</code></h1>\n<p class=\"sub\">")
                .append(esc(or(m.architecture(), "unknown architecture"))).append(" \u00b7 ")
                .append(String.format(Locale.ROOT, "%,d", d.summary().totalParameters())).append(" parameters \u00b7 trained on ")
                .append(esc(or(m.datasetId(), "an unknown dataset")));
        if (d.evaluation() != null) {
            h.append(" \u00b7 test accuracy <b>").append(pct(d.evaluation().accuracy())).append("</b>");
        }
        h.append("<br>report written ").append(esc(d.generated().truncatedTo(ChronoUnit.SECONDS).toString()))
                .append("</p>\n");
        for (String note : d.notes()) {
            h.append("<p class=\"note\">").append(esc(note)).append("</p>\n");
        }
        h.append("<nav><a href=\"#training\">Training</a> <a href=\"#evaluation\">Evaluation</a> ")
                .append(d.comparison() == null ? "" : "<a href=\"#comparison\">Comparison</a> ")
                .append("<a href=\"#network\">Network</a></nav>\n</header>\n");
        training(h, m);
        evaluation(h, d);
        if (d.comparison() != null) {
            comparison(h, d.comparison(), d.classNames());
        }
        network(h, d.summary());
        h.append("<footer>Digit Workbench report of <code>").append(esc(m.name())).append(".zip</code>. ")
                .append("Self-contained: every image is embedded in this file.</footer>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void training(StringBuilder h, ModelInfo m) {
        h.append("<section id=\"training\">\n<h2>Training</h2>\n<table class=\"kv\" id=\"settings\">\n");
        row(h, "Architecture", esc(or(m.architecture(), "-")));
        String checksum = m.datasetChecksum() == null || m.datasetChecksum().isEmpty() ? ""
                : " <span class=\"dim\">SHA-256 " + esc(m.datasetChecksum().substring(0, Math.min(16, m.datasetChecksum().length()))) + "\u2026</span>";
        row(h, "Dataset", esc(or(m.datasetId(), "-")) + checksum);
        row(h, "Optimizer", esc(or(m.optimizerId(), "-")));
        StringBuilder hyper = new StringBuilder();
        for (Map.Entry<String, Double> e : new TreeMap<>(m.hyperParameters()).entrySet()) {
            hyper.append(hyper.length() == 0 ? "" : ", ").append(esc(e.getKey())).append(" = ").append(number(e.getValue()));
        }
        row(h, "Hyper-parameters", hyper.length() == 0 ? "<span class=\"dim\">the optimizer's defaults</span>" : hyper.toString());
        row(h, "Epochs", String.valueOf(m.epochs()));
        row(h, "Batch size", String.valueOf(m.batchSize()));
        row(h, "Augmentation", augmentation(m.augmentation()));
        row(h, "Parameters", String.format(Locale.ROOT, "%,d", m.parameters()));
        if (!Double.isNaN(m.testAccuracy())) {
            row(h, "Test accuracy when stored", pct(m.testAccuracy())
                    + (Double.isNaN(m.testTop3()) ? "" : " (top-3 " + pct(m.testTop3()) + ")"));
        }
        if (m.calibration() != null) {
            Calibration c = m.calibration();
            row(h, "Calibration", "temperature " + fixed(c.temperature(), 3) + " fitted on " + esc(c.heldOut())
                    + ": ECE " + pct(c.eceBefore()) + " \u2192 " + pct(c.eceAfter()) + ", NLL " + fixed(c.nllBefore(), 4)
                    + " \u2192 " + fixed(c.nllAfter(), 4));
            row(h, "Not a digit", "when the " + esc(c.oodScore()) + " score is below " + number(c.oodThreshold()));
        } else {
            row(h, "Calibration", "<span class=\"dim\">not calibrated: probabilities as the network gives them</span>");
        }
        row(h, "Created", esc(or(m.created(), "-")));
        if (m.command() != null && !m.command().isBlank()) {
            row(h, "Command", "<code>" + esc(m.command()) + "</code>");
        }
        h.append("</table>\n");
        List<EpochMetrics> history = m.history();
        if (history.isEmpty()) {
            h.append("<p class=\"dim\">No per-epoch history was recorded with this model.</p>\n</section>\n");
            return;
        }
        h.append("<div class=\"charts\">\n");
        figure(h, Pngs.dataUri("image/png", Charts.loss(history)), "Loss per epoch", "loss-chart",
                "Mean training loss over each epoch (dropout and augmentation on) and the loss on the validation split after it.");
        figure(h, Pngs.dataUri("image/png", Charts.accuracy(history)), "Accuracy per epoch", "accuracy-chart",
                "Training accuracy over each epoch, validation accuracy and top-3 after it.");
        h.append("</div>\n<table class=\"num\" id=\"epochs\">\n<thead><tr><th>epoch</th><th>train loss</th><th>train acc.</th>")
                .append("<th>val. loss</th><th>val. acc.</th><th>val. top-3</th><th>precision</th><th>recall</th>")
                .append("<th>learning rate</th><th>elapsed</th></tr></thead>\n<tbody>\n");
        for (EpochMetrics e : history) {
            h.append("<tr><td>").append(e.epoch() + 1).append("</td><td>").append(fixed(e.trainLoss(), 4))
                    .append("</td><td>").append(pct(e.trainAccuracy())).append("</td><td>").append(fixed(e.validationLoss(), 4))
                    .append("</td><td>").append(pct(e.validationAccuracy())).append("</td><td>").append(pct(e.validationTop3()))
                    .append("</td><td>").append(fixed(e.precision(), 4)).append("</td><td>").append(fixed(e.recall(), 4))
                    .append("</td><td>").append(number(e.learningRate())).append("</td><td>")
                    .append(duration(e.elapsedMillis())).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n</section>\n");
    }

    private static void evaluation(StringBuilder h, Data d) {
        h.append("<section id=\"evaluation\">\n<h2>Evaluation</h2>\n");
        Evaluation e = d.evaluation();
        if (e == null) {
            h.append("<p class=\"dim\">Not evaluated for this report.</p>\n</section>\n");
            return;
        }
        h.append("<p><code>").append(esc(e.recognizerId())).append("</code> on <code>").append(esc(e.dataset()))
                .append("</code>: ").append(String.format(Locale.ROOT, "%,d", e.count())).append(" images in ")
                .append(String.format(Locale.ROOT, "%.1f", e.millis() / 1000.0)).append(" s.</p>\n");
        h.append("<table class=\"kv num\" id=\"metrics\">\n");
        row(h, "Accuracy (top-1)", pct(e.accuracy()));
        row(h, "Top-3 accuracy", pct(e.top(3)));
        row(h, "Top-5 accuracy", pct(e.top(5)));
        row(h, "Macro precision", fixed(e.macroPrecision(), 4));
        row(h, "Macro recall", fixed(e.macroRecall(), 4));
        row(h, "Macro F1", fixed(e.macroF1(), 4));
        row(h, "Errors", String.format(Locale.ROOT, "%,d", errors(e)));
        if (e.reliability() != null) {
            row(h, "ECE (15 bins)", pct(e.reliability().ece()));
            row(h, "NLL", fixed(e.reliability().nll(), 4));
        }
        row(h, "Not a digit", String.format(Locale.ROOT, "%,d", e.notADigit()));
        h.append("</table>\n");
        if (e.reliability() != null) {
            h.append("<div class=\"charts\">\n");
            figure(h, Pngs.dataUri("image/png", Charts.reliability(e.reliability())), "Reliability diagram",
                    "reliability-chart", "Accuracy against the mean confidence of the images in each of 15 confidence bins; "
                    + "a calibrated model lies on the diagonal. ECE: the image-weighted mean gap.");
            h.append("</div>\n");
        }

        int n = e.confusion().length;
        h.append("<h3>Per class</h3>\n<div class=\"charts\">\n<table class=\"num\" id=\"per-class\">\n")
                .append("<thead><tr><th>class</th><th>precision</th><th>recall</th><th>F1</th><th>images</th></tr></thead>\n<tbody>\n");
        for (int c = 0; c < n; c++) {
            h.append("<tr><th>").append(esc(name(d.classNames(), c))).append("</th><td>").append(fixed(e.precision()[c], 4))
                    .append("</td><td>").append(fixed(e.recall()[c], 4)).append("</td><td>").append(fixed(e.f1()[c], 4))
                    .append("</td><td>").append(rowTotal(e.confusion(), c)).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
        figure(h, Pngs.dataUri("image/png", Charts.perClass(e, d.classNames())), "Per class", "per-class-chart",
                "Precision, recall and F1 of each class.");
        h.append("</div>\n");

        confusion(h, e, d.classNames());
        mistakes(h, e, d.classNames(), d.why());
        h.append("</section>\n");
    }

    /**
     * Rows are the true classes, columns the predicted ones. The diagonal (right answers) is
     * shaded green by the share of its row; an error cell red by its count against the largest
     * error count (square root, so that single errors still show).
     */
    private static void confusion(StringBuilder h, Evaluation e, List<String> names) {
        int[][] m = e.confusion();
        int n = m.length;
        int maxError = 0;
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                if (r != c) {
                    maxError = Math.max(maxError, m[r][c]);
                }
            }
        }
        h.append("<h3>Confusion matrix</h3>\n<table id=\"confusion\" data-images=\"").append(e.count()).append("\">\n")
                .append("<caption>Rows: true class; columns: predicted class. Green: right answers, by the share of ")
                .append("their row; red: errors, by count.</caption>\n<thead><tr><th class=\"corner\">true \\ predicted</th>");
        for (int c = 0; c < n; c++) {
            h.append("<th scope=\"col\">").append(esc(name(names, c))).append("</th>");
        }
        h.append("<th scope=\"col\" class=\"total\">total</th></tr></thead>\n<tbody>\n");
        int[] columnTotals = new int[n];
        for (int r = 0; r < n; r++) {
            int total = rowTotal(m, r);
            h.append("<tr><th scope=\"row\">").append(esc(name(names, r))).append("</th>");
            for (int c = 0; c < n; c++) {
                int count = m[r][c];
                columnTotals[c] += count;
                double strength;
                int hue;
                if (r == c) {
                    strength = total == 0 ? 0 : 0.15 + 0.85 * count / (double) total;
                    hue = DIAGONAL;
                } else {
                    strength = count == 0 || maxError == 0 ? 0 : 0.12 + 0.88 * Math.sqrt(count / (double) maxError);
                    hue = ERROR;
                }
                int background = mix(0xffffff, hue, strength);
                String ink = count == 0 ? "#b0b0b0" : strength > 0.55 ? "#ffffff" : "#202020";
                h.append("<td data-count=\"").append(count).append("\" style=\"background:").append(hex(background))
                        .append(";color:").append(ink).append("\" title=\"true ").append(esc(name(names, r)))
                        .append(", predicted ").append(esc(name(names, c))).append(": ").append(count).append("\">")
                        .append(count).append("</td>");
            }
            h.append("<th class=\"total\">").append(total).append("</th></tr>\n");
        }
        h.append("</tbody>\n<tfoot><tr><th class=\"total\">total</th>");
        for (int c = 0; c < n; c++) {
            h.append("<th class=\"total\">").append(columnTotals[c]).append("</th>");
        }
        h.append("<th class=\"total\">").append(e.count()).append("</th></tr></tfoot>\n</table>\n");
    }

    private static void mistakes(StringBuilder h, Evaluation e, List<String> names, Map<Integer, Explanation> why) {
        h.append("<h3>Most confident mistakes</h3>\n");
        if (e.mistakes().isEmpty()) {
            h.append("<p class=\"dim\">No mistakes.</p>\n");
            return;
        }
        h.append("<p class=\"dim\">The ").append(e.mistakes().size())
                .append(" errors the model was surest of, most confident first (of ")
                .append(String.format(Locale.ROOT, "%,d", errors(e))).append(" in all).");
        if (!why.isEmpty()) {
            h.append(" Beside each, in red, the ink that made the model answer as it did and the ink that spoke for ")
                    .append("its runner-up (occlusion sensitivity).");
        }
        h.append("</p>\n<div class=\"mistakes\" id=\"mistakes\">\n");
        for (Evaluation.Mistake k : e.mistakes()) {
            String alt = "image " + k.index() + ": a " + name(names, k.label()) + " taken for a " + name(names, k.predicted());
            Explanation x = why.get(k.index());
            h.append("<figure data-label=\"").append(k.label()).append("\" data-predicted=\"").append(k.predicted())
                    .append("\"><div class=\"row\">");
            digit(h, Pngs.of(k.image(), MISTAKE_SCALE), k.image(), alt, "");
            if (x != null) {
                digit(h, Pngs.overlay(k.image(), x.answerMap(), MISTAKE_SCALE), k.image(), "why it read a "
                        + name(names, x.answer().label()) + ": the ink in red", "saliency answer");
                digit(h, Pngs.overlay(k.image(), x.runnerUpMap(), MISTAKE_SCALE), k.image(), "what spoke for a "
                        + name(names, x.runnerUp().label()) + ", its runner-up: the ink in red", "saliency runner-up");
            }
            h.append("</div><figcaption>true <b>").append(esc(name(names, k.label()))).append("</b> \u2192 <b class=\"bad\">")
                    .append(esc(name(names, k.predicted()))).append("</b> ").append(pct(k.confidence()));
            if (x != null) {
                h.append(" \u00b7 runner-up <b>").append(esc(name(names, x.runnerUp().label()))).append("</b> ")
                        .append(pct(x.runnerUp().probability()));
            }
            h.append(" \u00b7 #").append(k.index()).append("</figcaption></figure>\n");
        }
        h.append("</div>\n");
    }

    private static void digit(StringBuilder h, byte[] png, GrayImage image, String alt, String cssClass) {
        h.append("<img");
        if (!cssClass.isEmpty()) {
            h.append(" class=\"").append(cssClass).append('"');
        }
        h.append(" src=\"").append(Pngs.dataUri("image/png", png)).append("\" width=\"")
                .append(image.width() * MISTAKE_SCALE).append("\" height=\"").append(image.height() * MISTAKE_SCALE)
                .append("\" alt=\"").append(esc(alt)).append("\">");
    }

    /** The model beside others: curves overlaid, figures side by side, the images they answer differently. */
    private static void comparison(StringBuilder h, Compared compared, List<String> names) {
        Comparison c = compared.comparison();
        List<ModelInfo> infos = compared.infos();
        h.append("<section id=\"comparison\">\n<h2>Comparison</h2>\n<p><code>").append(esc(infos.get(0).name()))
                .append("</code> beside ");
        for (int k = 1; k < infos.size(); k++) {
            h.append(k > 1 ? ", " : "").append("<code>").append(esc(infos.get(k).name())).append("</code>");
        }
        h.append(" on the same ").append(String.format(Locale.ROOT, "%,d", c.count())).append(" images of <code>")
                .append(esc(c.dataset())).append("</code>.</p>\n<div class=\"charts\">\n");
        Map<String, List<EpochMetrics>> curves = new java.util.LinkedHashMap<>();
        infos.forEach(i -> curves.put(i.name(), i.history()));
        if (curves.values().stream().anyMatch(history -> !history.isEmpty())) {
            figure(h, Pngs.dataUri("image/png", Charts.compared(curves)), "Validation accuracy, compared",
                    "comparison-chart", "Each model's validation accuracy after each epoch of its training.");
        }
        h.append("<table class=\"num\" id=\"comparison-metrics\">\n<thead><tr><th></th>");
        infos.forEach(i -> h.append("<th scope=\"col\">").append(esc(i.name())).append("</th>"));
        h.append("</tr></thead>\n<tbody>\n");
        compareRow(h, "architecture", infos.stream().map(i -> esc(or(i.architecture(), "-"))).toList());
        compareRow(h, "parameters", infos.stream().map(i -> String.format(Locale.ROOT, "%,d", i.parameters())).toList());
        compareRow(h, "epochs", infos.stream().map(i -> String.valueOf(i.epochs())).toList());
        compareRow(h, "accuracy", c.evaluations().stream().map(e -> pct(e.accuracy())).toList());
        compareRow(h, "top-3", c.evaluations().stream().map(e -> pct(e.top(3))).toList());
        compareRow(h, "macro F1", c.evaluations().stream().map(e -> fixed(e.macroF1(), 4)).toList());
        compareRow(h, "ECE (15 bins)", c.evaluations().stream().map(e -> e.reliability() == null ? "-" : pct(e.reliability().ece())).toList());
        compareRow(h, "NLL", c.evaluations().stream().map(e -> e.reliability() == null ? "-" : fixed(e.reliability().nll(), 4)).toList());
        compareRow(h, "not a digit", c.evaluations().stream().map(e -> String.valueOf(e.notADigit())).toList());
        if (c.disagreements().size() == c.disagreementCount()) {
            List<String> right = new java.util.ArrayList<>();
            for (int k = 0; k < infos.size(); k++) {
                right.add(String.valueOf(c.rightAmongDisagreements(k)));
            }
            compareRow(h, "right where they disagree", right);
        }
        h.append("</tbody>\n</table>\n</div>\n");
        h.append("<h3>Where they disagree</h3>\n<p id=\"disagreement-count\" data-disagreements=\"")
                .append(c.disagreementCount()).append("\">They answer differently on ")
                .append(String.format(Locale.ROOT, "%,d", c.disagreementCount())).append(" of ")
                .append(String.format(Locale.ROOT, "%,d", c.count())).append(" images");
        if (c.disagreements().size() < c.disagreementCount()) {
            h.append(" (the first ").append(c.disagreements().size()).append(" shown)");
        }
        h.append(". Under each: the true class, then each model's answer, \u2713 where right.</p>\n")
                .append("<div class=\"mistakes\" id=\"disagreements\">\n");
        for (Comparison.Disagreement d : c.disagreements()) {
            StringBuilder answers = new StringBuilder();
            for (Prediction.Ranked a : d.answers()) {
                answers.append(answers.length() == 0 ? "" : ",").append(a.label());
            }
            h.append("<figure data-label=\"").append(d.label()).append("\" data-answers=\"").append(answers).append("\">");
            digit(h, Pngs.of(d.image(), MISTAKE_SCALE), d.image(), "image " + d.index() + ", a " + name(names, d.label()), "");
            h.append("<figcaption>true <b>").append(esc(name(names, d.label()))).append("</b> \u00b7 #").append(d.index());
            for (int k = 0; k < infos.size(); k++) {
                Prediction.Ranked a = d.answers().get(k);
                h.append("<br>").append(esc(infos.get(k).name())).append(": <b").append(d.right(k) ? ">" : " class=\"bad\">")
                        .append(esc(name(names, a.label()))).append("</b> ").append(pct(a.probability()))
                        .append(d.right(k) ? " \u2713" : "");
            }
            h.append("</figcaption></figure>\n");
        }
        h.append("</div>\n</section>\n");
    }

    private static void compareRow(StringBuilder h, String head, List<String> cells) {
        h.append("<tr><th>").append(esc(head)).append("</th>");
        cells.forEach(cell -> h.append("<td>").append(cell).append("</td>"));
        h.append("</tr>\n");
    }

    private static void network(StringBuilder h, ModelSummary s) {
        h.append("<section id=\"network\">\n<h2>Network</h2>\n");
        String svg = new NetworkDiagram().svg(s);
        // Shown a fifth larger than its natural size (it is vector art), never wider than the page.
        Matcher size = Pattern.compile("width=\"(\\d+)\"").matcher(svg);
        String width = size.find() ? " width=\"" + Math.round(1.2 * Integer.parseInt(size.group(1))) + "\"" : "";
        h.append("<figure class=\"diagram\"><img id=\"diagram\"").append(width).append(" src=\"")
                .append(Pngs.dataUri("image/svg+xml", svg.getBytes(StandardCharsets.UTF_8)))
                .append("\" alt=\"the network, one block per layer\"><figcaption>One block per layer, sized by its output: ")
                .append("height by the image's size, width by its channels (log scale), dense layers as bars by their ")
                .append("units (log scale).</figcaption></figure>\n");
        h.append("<table class=\"num\" id=\"summary\">\n<thead><tr><th>#</th><th>layer</th><th>type</th><th>input</th>")
                .append("<th>output</th><th>activation</th><th>parameters</th></tr></thead>\n<tbody>\n");
        int i = 0;
        for (LayerSummary l : s.layers()) {
            h.append("<tr><td>").append(i++).append("</td><td class=\"text\">").append(esc(l.name()))
                    .append("</td><td class=\"text\"><span class=\"swatch\" style=\"background:")
                    .append(hex(NetworkDiagram.Kind.of(l).rgb())).append("\"></span>").append(esc(l.type()))
                    .append("</td><td>").append(esc(l.inputShape())).append("</td><td>").append(esc(l.outputShape()))
                    .append("</td><td class=\"text\">").append(esc(l.activation())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%,d", l.parameters())).append("</td></tr>\n");
        }
        h.append("</tbody>\n<tfoot><tr><th colspan=\"6\">total</th><th>")
                .append(String.format(Locale.ROOT, "%,d", s.totalParameters())).append("</th></tr></tfoot>\n</table>\n</section>\n");
    }

    // --- small helpers -------------------------------------------------------------------------

    private static void figure(StringBuilder h, String src, String alt, String id, String caption) {
        h.append("<figure><img id=\"").append(id).append("\" src=\"").append(src).append("\" width=\"").append(Charts.WIDTH)
                .append("\" height=\"").append(Charts.HEIGHT).append("\" alt=\"").append(esc(alt)).append("\"><figcaption>")
                .append(esc(caption)).append("</figcaption></figure>\n");
    }

    private static void row(StringBuilder h, String key, String html) {
        h.append("<tr><th>").append(esc(key)).append("</th><td>").append(html).append("</td></tr>\n");
    }

    private static int errors(Evaluation e) {
        int right = 0;
        for (int c = 0; c < e.confusion().length; c++) {
            right += e.confusion()[c][c];
        }
        return e.count() - right;
    }

    private static int rowTotal(int[][] m, int r) {
        int t = 0;
        for (int v : m[r]) {
            t += v;
        }
        return t;
    }

    private static String name(List<String> names, int c) {
        return c >= 0 && c < names.size() ? names.get(c) : String.valueOf(c);
    }

    private static String augmentation(Augmentation a) {
        if (a == null || !a.enabled()) {
            return "none";
        }
        return String.format(Locale.ROOT, "shift \u00b1%d px, rotation \u00b1%s\u00b0, scale \u00b1%s%%%s", a.maxShift(),
                number(a.maxRotation()), number(100 * a.maxScale()), a.elastic() ? ", elastic" : "");
    }

    static String pct(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f%%", 100 * v) : "-";
    }

    private static String fixed(double v, int digits) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + digits + "f", v) : "-";
    }

    /** A value as written by hand: 0.003, 0.9, 1e-07, 10. */
    static String number(Double v) {
        if (v == null || !Double.isFinite(v)) {
            return "-";
        }
        if (v != 0 && Math.abs(v) < 1e-3) {
            return String.format(Locale.ROOT, "%.3g", v).replaceFirst("\\.?0+e", "e");
        }
        return BigDecimal.valueOf(v).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }

    private static String duration(long millis) {
        long s = millis / 1000;
        return s >= 60 ? String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60) : s + " s";
    }

    private static String or(String s, String fallback) {
        return s == null || s.isBlank() ? fallback : s;
    }

    private static int mix(int from, int to, double amount) {
        int r = (int) Math.round(((from >> 16) & 0xff) * (1 - amount) + ((to >> 16) & 0xff) * amount);
        int g = (int) Math.round(((from >> 8) & 0xff) * (1 - amount) + ((to >> 8) & 0xff) * amount);
        int b = (int) Math.round((from & 0xff) * (1 - amount) + (to & 0xff) * amount);
        return (r << 16) | (g << 8) | b;
    }

    private static String hex(int rgb) {
        return String.format(Locale.ROOT, "#%06x", rgb & 0xffffff);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static final String CSS = """
            body { font: 14px/1.45 "DejaVu Sans", Verdana, Arial, sans-serif; color: #222; margin: 0 auto;
                   max-width: 1280px; padding: 0 24px 40px; }
            header { border-bottom: 1px solid #ddd; margin-bottom: 8px; }
            h1 { font-size: 24px; margin: 20px 0 4px; }
            h2 { font-size: 19px; margin: 28px 0 10px; border-bottom: 1px solid #eee; padding-bottom: 4px; }
            h3 { font-size: 15px; margin: 22px 0 8px; }
            code { font: 13px "DejaVu Sans Mono", Consolas, monospace; background: #f4f4f4; padding: 1px 4px; }
            .sub { color: #555; margin: 0 0 8px; }
            .note { background: #fff8e1; border-left: 4px solid #f9a825; padding: 6px 10px; }
            .dim { color: #777; }
            nav a { margin-right: 14px; color: #1f5fa8; text-decoration: none; }
            nav { margin-bottom: 10px; }
            table { border-collapse: collapse; margin: 6px 0 12px; }
            th, td { padding: 3px 9px; border: 1px solid #e2e2e2; }
            th { background: #f7f7f7; text-align: left; font-weight: 600; }
            table.num td { text-align: right; font-variant-numeric: tabular-nums; }
            table.num td.text { text-align: left; }
            table.kv th { width: 200px; }
            .charts { display: flex; flex-wrap: wrap; gap: 18px; align-items: flex-start; }
            figure { margin: 0; }
            figcaption { color: #666; font-size: 12px; max-width: 560px; }
            #confusion td { width: 46px; height: 30px; text-align: center; font-variant-numeric: tabular-nums; }
            #confusion th { text-align: center; }
            #confusion th.corner { font-weight: normal; color: #666; font-size: 12px; }
            #confusion .total { color: #666; font-weight: normal; }
            #confusion caption { caption-side: bottom; color: #666; font-size: 12px; text-align: left; padding-top: 4px; }
            .mistakes { display: flex; flex-wrap: wrap; gap: 12px; }
            .mistakes figure { border: 1px solid #e2e2e2; padding: 6px; text-align: center; }
            .mistakes img { image-rendering: pixelated; display: block; margin: 0 auto 4px; }
            .mistakes .row { display: flex; gap: 4px; justify-content: center; }
            .mistakes .row img { margin: 0 0 4px; }
            .mistakes figcaption { font-size: 12px; }
            .bad { color: #c62828; }
            .diagram img { max-width: 100%; height: auto; border: 1px solid #eee; }
            .swatch { display: inline-block; width: 10px; height: 10px; margin-right: 6px; border: 1px solid #0003; }
            footer { margin-top: 36px; color: #888; font-size: 12px; border-top: 1px solid #eee; padding-top: 8px; }
            """;
}
