package digits.engine.internal;

import digits.api.Explainer;
import digits.api.GrayImage;
import digits.api.Prediction;
import digits.api.Recognizer;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * Occlusion sensitivity (Zeiler and Fergus, 2014): a small patch of the input is blanked at every
 * position and the drop in the label's probability is credited to the pixels it covered. It asks
 * the recognizer only for predictions (one batch of 169), so it explains any recognizer, and
 * what it shows is by construction what removing ink does to the answer, the property the
 * deletion test measures (ExplainerTest).
 */
@Component
public final class OcclusionExplainer implements Explainer {

    static final int PATCH = 4;
    static final int STRIDE = 2;

    @Override
    public String method() {
        return "occlusion";
    }

    @Override
    public GrayImage saliency(Recognizer recognizer, GrayImage input, int label) {
        if (!input.isModelInput()) {
            throw new IllegalArgumentException("saliency takes a 28x28 input, got " + input.width() + "x" + input.height());
        }
        int side = GrayImage.MODEL_SIDE;
        float[] pixels = input.pixels();
        List<int[]> patches = new ArrayList<>();
        List<GrayImage> occluded = new ArrayList<>();
        occluded.add(input);
        for (int y = 0; y + PATCH <= side; y += STRIDE) {
            for (int x = 0; x + PATCH <= side; x += STRIDE) {
                float[] p = pixels.clone();
                boolean ink = false;
                for (int dy = 0; dy < PATCH; dy++) {
                    for (int dx = 0; dx < PATCH; dx++) {
                        ink |= p[(y + dy) * side + x + dx] > 0;
                        p[(y + dy) * side + x + dx] = 0;
                    }
                }
                if (ink) { // blanking background changes nothing
                    patches.add(new int[] {x, y});
                    occluded.add(new GrayImage(side, side, p));
                }
            }
        }
        List<Prediction> answers = recognizer.recognizeAll(occluded);
        // Log-probabilities: a confident answer (0.9999) still shows which ink it leans on.
        double base = Math.log(Math.max(1e-12, answers.get(0).probabilities()[label]));
        float[] sum = new float[side * side];
        for (int k = 0; k < patches.size(); k++) {
            float drop = (float) Math.max(0, base - Math.log(Math.max(1e-12, answers.get(k + 1).probabilities()[label])));
            int[] at = patches.get(k);
            for (int dy = 0; dy < PATCH; dy++) {
                for (int dx = 0; dx < PATCH; dx++) {
                    sum[(at[1] + dy) * side + at[0] + dx] += drop;
                }
            }
        }
        float max = 0;
        for (int i = 0; i < sum.length; i++) {
            sum[i] = pixels[i] > 0 ? sum[i] : 0; // only ink can be evidence
            max = Math.max(max, sum[i]);
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] = max > 0 ? sum[i] / max : 0;
        }
        return new GrayImage(side, side, sum);
    }
}
