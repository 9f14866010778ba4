package digits.engine.internal;

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
        long start = System.currentTimeMillis();
        int n = images.count();
        List<GrayImage> inputs = new ArrayList<>(n);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            inputs.add(images.image(i));
            labels[i] = images.label(i);
        }
        List<Prediction> predictions = recognizer.recognizeAll(inputs);
        float[] probs = new float[n * 10];
        for (int i = 0; i < n; i++) {
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
        return new Evaluation(recognizer.id(), images.name(), n, m.topK, m.precision, m.recall, m.f1, m.confusion,
                List.copyOf(mistakes.subList(0, Math.min(maxMistakes, mistakes.size()))),
                System.currentTimeMillis() - start, Reliability.of(probs, labels, 10), notADigit);
    }
}
