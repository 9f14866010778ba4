package digits.shell.internal;

import digits.api.Evaluation;
import java.util.List;

/** Evaluation results as console text. */
final class Reports {

    private Reports() {}

    static String evaluation(Evaluation e, List<String> classNames) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%s on %s (%d images, %.1f s)%n", e.recognizerId(), e.dataset(), e.count(), e.millis() / 1000.0));
        out.append(String.format("accuracy %.2f%%  top-3 %.2f%%  top-5 %.2f%%  macro precision %.4f recall %.4f F1 %.4f%n",
                100 * e.accuracy(), 100 * e.top(3), 100 * e.top(5), e.macroPrecision(), e.macroRecall(), e.macroF1()));
        if (e.reliability() != null) {
            out.append(String.format("calibration: ECE %.2f%% (%d bins), NLL %.4f%n", 100 * e.reliability().ece(),
                    digits.api.Reliability.BINS, e.reliability().nll()));
        }
        out.append(String.format("not a digit: %d of %d images (%.2f%%)%n", e.notADigit(), e.count(),
                100.0 * e.notADigit() / Math.max(1, e.count())));
        out.append(String.format("%nclass        precision  recall    F1%n"));
        for (int c = 0; c < e.precision().length; c++) {
            out.append(String.format("%-12s %8.4f %8.4f %8.4f%n", classNames.get(c), e.precision()[c], e.recall()[c], e.f1()[c]));
        }
        out.append(String.format("%nconfusion (rows true, columns predicted)%n     "));
        for (int c = 0; c < e.confusion().length; c++) {
            out.append(String.format("%6d", c));
        }
        out.append('\n');
        for (int r = 0; r < e.confusion().length; r++) {
            out.append(String.format("%4d ", r));
            for (int c = 0; c < e.confusion().length; c++) {
                out.append(String.format("%6d", e.confusion()[r][c]));
            }
            out.append('\n');
        }
        if (!e.mistakes().isEmpty()) {
            out.append(String.format("%nmost confident mistakes:%n"));
            for (Evaluation.Mistake m : e.mistakes().subList(0, Math.min(10, e.mistakes().size()))) {
                out.append(String.format("  image %5d: true %d, predicted %d (%.2f%%)%n", m.index(), m.label(), m.predicted(),
                        100 * m.confidence()));
            }
        }
        return out.toString();
    }
}
