package digits.shell.internal;

import digits.api.GrayImage;
import digits.api.Prediction;
import digits.api.Recognizer;
import java.util.ArrayList;
import java.util.List;

/**
 * A recognizer that reports how many images it has answered: the evaluator hands the whole test
 * split to {@link #recognizeAll} in one call, which this cuts into slices it can count.
 */
final class ProgressRecognizer implements Recognizer {

    private static final int SLICE = 500;

    private final Recognizer delegate;
    private final Progress progress;
    private long done;

    ProgressRecognizer(Recognizer delegate, Progress progress) {
        this.delegate = delegate;
        this.progress = progress;
    }

    @Override
    public String id() {
        return delegate.id();
    }

    @Override
    public String description() {
        return delegate.description();
    }

    @Override
    public Prediction recognize(GrayImage input) {
        Prediction p = delegate.recognize(input);
        advance(1);
        return p;
    }

    @Override
    public List<Prediction> recognizeAll(List<GrayImage> inputs) {
        List<Prediction> out = new ArrayList<>(inputs.size());
        for (int from = 0; from < inputs.size(); from += SLICE) {
            List<GrayImage> slice = inputs.subList(from, Math.min(inputs.size(), from + SLICE));
            out.addAll(delegate.recognizeAll(slice));
            advance(slice.size());
        }
        return out;
    }

    private synchronized void advance(int n) {
        done += n;
        progress.update(done, "");
    }
}
