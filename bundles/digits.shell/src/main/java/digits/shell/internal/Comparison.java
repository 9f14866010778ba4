package digits.shell.internal;

import digits.api.EpochMetrics;
import digits.api.GrayImage;
import digits.api.LabelledImages;
import digits.api.ModelInfo;
import digits.api.Prediction;
import digits.api.Recognizer;
import digits.api.Reliability;
import java.util.ArrayList;
import java.util.List;

/** Several models side by side on the same test images: metrics, validation curves, disagreements. */
record Comparison(List<Recognizer> recognizers, List<ModelInfo> infos, LabelledImages test,
        List<List<Prediction>> predictions) {

    static Comparison of(List<Recognizer> recognizers, List<ModelInfo> infos, LabelledImages test) {
        List<GrayImage> inputs = new ArrayList<>(test.count());
        for (int i = 0; i < test.count(); i++) {
            inputs.add(test.image(i));
        }
        List<List<Prediction>> predictions = new ArrayList<>();
        for (Recognizer r : recognizers) {
            predictions.add(r.recognizeAll(inputs));
        }
        return new Comparison(recognizers, infos, test, predictions);
    }

    /** Indices of the test images on which not every model gives the same answer. */
    List<Integer> disagreements() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < test.count(); i++) {
            int first = predictions.get(0).get(i).best().label();
            for (List<Prediction> p : predictions) {
                if (p.get(i).best().label() != first) {
                    out.add(i);
                    break;
                }
            }
        }
        return out;
    }

    String text() {
        int n = test.count();
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = test.label(i);
        }
        StringBuilder out = new StringBuilder(String.format("%d models on %s (%d images)%n%n", recognizers.size(), test.name(), n));
        row(out, "", recognizers.stream().map(Recognizer::id).toList());
        row(out, "architecture", infos.stream().map(m -> m == null ? "-" : m.architecture()).toList());
        row(out, "parameters", infos.stream().map(m -> m == null ? "-" : String.format("%,d", m.parameters())).toList());
        row(out, "epochs", infos.stream().map(m -> m == null ? "-" : String.valueOf(m.epochs())).toList());
        List<String> acc = new ArrayList<>();
        List<String> ece = new ArrayList<>();
        List<String> nll = new ArrayList<>();
        List<String> ood = new ArrayList<>();
        for (List<Prediction> p : predictions) {
            float[] probs = new float[n * 10];
            int right = 0;
            int flagged = 0;
            for (int i = 0; i < n; i++) {
                System.arraycopy(p.get(i).probabilities(), 0, probs, i * 10, 10);
                right += p.get(i).best().label() == labels[i] ? 1 : 0;
                flagged += p.get(i).notADigit() ? 1 : 0;
            }
            Reliability r = Reliability.of(probs, labels, 10);
            acc.add(String.format("%.2f%%", 100.0 * right / Math.max(1, n)));
            ece.add(String.format("%.2f%%", 100 * r.ece()));
            nll.add(String.format("%.4f", r.nll()));
            ood.add(String.valueOf(flagged));
        }
        row(out, "accuracy", acc);
        row(out, "ECE", ece);
        row(out, "NLL", nll);
        row(out, "not a digit", ood);
        int epochs = infos.stream().mapToInt(m -> m == null ? 0 : m.history().size()).max().orElse(0);
        if (epochs > 0) {
            out.append(String.format("%nvalidation accuracy per epoch%n"));
            for (int e = 0; e < epochs; e++) {
                List<String> cells = new ArrayList<>();
                for (ModelInfo m : infos) {
                    List<EpochMetrics> h = m == null ? List.of() : m.history();
                    cells.add(e < h.size() ? String.format("%.2f%%", 100 * h.get(e).validationAccuracy()) : "");
                }
                row(out, "epoch " + (e + 1), cells);
            }
        }
        List<Integer> differ = disagreements();
        out.append(String.format("%nthey disagree on %d images%s%n", differ.size(), differ.isEmpty() ? "" : ":"));
        for (int i : differ.subList(0, Math.min(20, differ.size()))) {
            StringBuilder answers = new StringBuilder();
            for (int k = 0; k < recognizers.size(); k++) {
                Prediction.Ranked b = predictions.get(k).get(i).best();
                answers.append(String.format("  %s %d (%.0f%%)", recognizers.get(k).id(), b.label(), 100 * b.probability()));
            }
            out.append(String.format("  image %5d, true %d:%s%n", i, labels[i], answers));
        }
        return out.toString();
    }

    private static void row(StringBuilder out, String head, List<String> cells) {
        out.append(String.format("%-14s", head));
        for (String c : cells) {
            out.append(String.format(" %18s", c));
        }
        out.append('\n');
    }
}
