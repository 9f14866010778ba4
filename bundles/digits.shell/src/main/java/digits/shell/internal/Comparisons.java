package digits.shell.internal;

import digits.api.Comparison;
import digits.api.EpochMetrics;
import digits.api.Evaluation;
import digits.api.ModelInfo;
import digits.api.Prediction;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A comparison of models as console text: metrics side by side, validation curves, disagreements. */
final class Comparisons {

    /** How many of the images they disagree on are listed one per line. */
    static final int LISTED = 20;

    private Comparisons() {}

    /** @param infos each model's metadata, in the comparison's order; null for a recognizer that is no stored model */
    static String text(Comparison c, List<ModelInfo> infos) {
        List<String> ids = c.recognizerIds();
        StringBuilder out = new StringBuilder(String.format("%d models on %s (%d images)%n%n", ids.size(), c.dataset(), c.count()));
        row(out, "", ids);
        row(out, "architecture", cells(infos, ModelInfo::architecture));
        row(out, "parameters", cells(infos, m -> String.format("%,d", m.parameters())));
        row(out, "epochs", cells(infos, m -> String.valueOf(m.epochs())));
        List<Evaluation> e = c.evaluations();
        row(out, "accuracy", e.stream().map(x -> String.format("%.2f%%", 100 * x.accuracy())).toList());
        row(out, "top-3", e.stream().map(x -> String.format("%.2f%%", 100 * x.top(3))).toList());
        row(out, "ECE", e.stream().map(x -> String.format("%.2f%%", 100 * x.reliability().ece())).toList());
        row(out, "NLL", e.stream().map(x -> String.format("%.4f", x.reliability().nll())).toList());
        row(out, "not a digit", e.stream().map(x -> String.valueOf(x.notADigit())).toList());
        int epochs = infos.stream().mapToInt(m -> m == null ? 0 : m.history().size()).max().orElse(0);
        if (epochs > 0) {
            out.append(String.format("%nvalidation accuracy per epoch%n"));
            for (int k = 0; k < epochs; k++) {
                List<String> cells = new ArrayList<>();
                for (ModelInfo m : infos) {
                    List<EpochMetrics> h = m == null ? List.of() : m.history();
                    cells.add(k < h.size() ? String.format("%.2f%%", 100 * h.get(k).validationAccuracy()) : "");
                }
                row(out, "epoch " + (k + 1), cells);
            }
        }
        out.append(String.format("%nthey disagree on %d of %d images (%.2f%%)%n", c.disagreementCount(), c.count(),
                100.0 * c.disagreementCount() / Math.max(1, c.count())));
        if (c.disagreements().size() == c.disagreementCount() && c.disagreementCount() > 0) {
            List<String> right = new ArrayList<>();
            for (int k = 0; k < ids.size(); k++) {
                right.add(String.valueOf(c.rightAmongDisagreements(k)));
            }
            row(out, "right there", right);
        }
        List<Comparison.Disagreement> listed = c.disagreements().subList(0, Math.min(LISTED, c.disagreements().size()));
        for (Comparison.Disagreement d : listed) {
            StringBuilder answers = new StringBuilder();
            for (int k = 0; k < ids.size(); k++) {
                Prediction.Ranked b = d.answers().get(k);
                answers.append(String.format("  %s %d (%.0f%%)%s", ids.get(k), b.label(), 100 * b.probability(),
                        d.right(k) ? " right" : ""));
            }
            out.append(String.format("  image %5d, true %d:%s%n", d.index(), d.label(), answers));
        }
        if (c.disagreementCount() > listed.size()) {
            out.append(String.format("  (%d more)%n", c.disagreementCount() - listed.size()));
        }
        return out.toString();
    }

    private static List<String> cells(List<ModelInfo> infos, Function<ModelInfo, String> cell) {
        return infos.stream().map(m -> m == null ? "-" : cell.apply(m)).toList();
    }

    private static void row(StringBuilder out, String head, List<String> cells) {
        out.append(String.format("%-14s", head));
        for (String c : cells) {
            out.append(String.format(" %18s", c));
        }
        out.append('\n');
    }
}
