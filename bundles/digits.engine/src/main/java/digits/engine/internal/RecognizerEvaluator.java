package digits.engine.internal;

import digits.api.Comparison;
import digits.api.Evaluation;
import digits.api.Evaluator;
import digits.api.GrayImage;
import digits.api.LabelledImages;
import digits.api.Prediction;
import digits.api.Recognizer;
import digits.api.Reliability;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/** Evaluates any recognizer (not only CNNs) on labelled images, counting as validation does. */
@Component
public final class RecognizerEvaluator implements Evaluator {

    @Override
    public Evaluation evaluate(Recognizer recognizer, LabelledImages images, int maxMistakes) {
        List<GrayImage> inputs = inputs(images);
        long start = System.currentTimeMillis();
        return evaluation(recognizer.id(), images, inputs, recognizer.recognizeAll(inputs), maxMistakes, start);
    }

    @Override
    public Comparison compare(List<Recognizer> recognizers, LabelledImages images, int maxDisagreements) {
        if (recognizers.size() < 2) {
            throw new IllegalArgumentException("a comparison needs two recognizers or more, got " + recognizers.size());
        }
        List<GrayImage> inputs = inputs(images);
        List<Evaluation> evaluations = new ArrayList<>();
        List<List<Prediction>> answers = new ArrayList<>();
        for (Recognizer r : recognizers) {
            long start = System.currentTimeMillis();
            List<Prediction> p = r.recognizeAll(inputs);
            answers.add(p);
            evaluations.add(evaluation(r.id(), images, inputs, p, 0, start));
        }
        List<Comparison.Disagreement> disagreements = new ArrayList<>();
        int count = 0;
        for (int i = 0; i < inputs.size(); i++) {
            List<Prediction.Ranked> best = new ArrayList<>(recognizers.size());
            for (List<Prediction> p : answers) {
                best.add(p.get(i).best());
            }
            if (best.stream().mapToInt(Prediction.Ranked::label).distinct().count() > 1) {
                count++;
                if (disagreements.size() < maxDisagreements) {
                    disagreements.add(new Comparison.Disagreement(i, images.label(i), inputs.get(i), best));
                }
            }
        }
        return new Comparison(images.name(), inputs.size(), evaluations, count, disagreements);
    }

    private static List<GrayImage> inputs(LabelledImages images) {
        List<GrayImage> inputs = new ArrayList<>(images.count());
        for (int i = 0; i < images.count(); i++) {
            inputs.add(images.image(i));
        }
        return inputs;
    }

    private static Evaluation evaluation(String recognizerId, LabelledImages images, List<GrayImage> inputs,
            List<Prediction> predictions, int maxMistakes, long start) {
        int n = images.count();
        int[] labels = new int[n];
        float[] probs = new float[n * 10];
        for (int i = 0; i < n; i++) {
            labels[i] = images.label(i);
            System.arraycopy(predictions.get(i).probabilities(), 0, probs, i * 10, 10);
        }
        Metrics m = new Metrics(probs, labels, 10);
        List<Evaluation.Mistake> mistakes = new ArrayList<>();
        int notADigit = 0;
        for (int i = 0; i < n; i++) {
            notADigit += predictions.get(i).notADigit() ? 1 : 0;
            Prediction.Ranked best = predictions.get(i).best();
            if (best.label() != labels[i]) {
                mistakes.add(new Evaluation.Mistake(i, labels[i], best.label(), best.probability(), inputs.get(i)));
            }
        }
        mistakes.sort(Comparator.comparingDouble(Evaluation.Mistake::confidence).reversed());
        return new Evaluation(recognizerId, images.name(), n, m.topK, m.precision, m.recall, m.f1, m.confusion,
                List.copyOf(mistakes.subList(0, Math.min(maxMistakes, mistakes.size()))),
                System.currentTimeMillis() - start, Reliability.of(probs, labels, 10), notADigit);
    }
}
