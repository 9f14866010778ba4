package digits.ui.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.GrayImage;
import digits.api.OptimizerDescription;
import digits.api.Prediction;
import digits.api.Preprocessor;
import digits.api.Recognizer;
import digits.api.Selection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/** Small hand-written implementations of the API for the presentation models' tests, and waiting. */
public final class Parts {

    private Parts() {
    }

    /** A selection offering these recognizers (the first is active), these optimizers, and one preprocessor. */
    public static final class FixedSelection implements Selection {
        private final List<Recognizer> recognizers;
        private final List<OptimizerDescription> optimizers;
        private final Preprocessor preprocessor;
        private final List<Listener> listeners = new CopyOnWriteArrayList<>();
        private volatile Recognizer active;
        private volatile OptimizerDescription optimizer;

        public FixedSelection(Preprocessor preprocessor, List<Recognizer> recognizers,
                List<OptimizerDescription> optimizers) {
            this.preprocessor = preprocessor;
            this.recognizers = recognizers;
            this.optimizers = optimizers;
            active = recognizers.isEmpty() ? null : recognizers.get(0);
            optimizer = optimizers.isEmpty() ? null : optimizers.get(0);
        }

        @Override
        public List<Recognizer> recognizers() {
            return recognizers;
        }

        @Override
        public Optional<Recognizer> activeRecognizer() {
            return Optional.ofNullable(active);
        }

        @Override
        public void useRecognizer(String id) {
            active = recognizers.stream().filter(r -> r.id().equals(id)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no recognizer " + id));
            listeners.forEach(l -> l.selectionChanged("recognizer " + id));
        }

        @Override
        public List<OptimizerDescription> optimizers() {
            return optimizers;
        }

        @Override
        public Optional<OptimizerDescription> activeOptimizer() {
            return Optional.ofNullable(optimizer);
        }

        @Override
        public void useOptimizer(String id) {
            optimizer = optimizers.stream().filter(o -> o.id().equals(id)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no optimizer " + id));
            listeners.forEach(l -> l.selectionChanged("optimizer " + id));
        }

        @Override
        public List<Preprocessor> preprocessors() {
            return preprocessor == null ? List.of() : List.of(preprocessor);
        }

        @Override
        public Optional<Preprocessor> activePreprocessor() {
            return Optional.ofNullable(preprocessor);
        }

        @Override
        public void addListener(Listener listener) {
            listeners.add(listener);
        }

        @Override
        public void removeListener(Listener listener) {
            listeners.remove(listener);
        }
    }

    /** A recognizer answering what {@code answer} says for each input, keeping the inputs it saw. */
    public static final class ScriptedRecognizer implements Recognizer {
        private final String id;
        private final Function<GrayImage, Prediction> answer;
        public final List<GrayImage> seen = new CopyOnWriteArrayList<>();

        public ScriptedRecognizer(String id, Function<GrayImage, Prediction> answer) {
            this.id = id;
            this.answer = answer;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String description() {
            return "answers as the test says";
        }

        @Override
        public Prediction recognize(GrayImage input) {
            seen.add(input);
            return answer.apply(input);
        }
    }

    /** Probabilities with {@code best} at {@code p} and the rest shared by the other digits in falling order. */
    public static float[] probabilities(int best, float p, int second, float q) {
        float[] out = new float[10];
        float rest = (1 - p - q) / 8;
        for (int i = 0; i < 10; i++) {
            out[i] = rest * (1 - i / 100f);
        }
        out[best] = p;
        out[second] = q;
        return out;
    }

    /** What views would have put in the status line, in order. */
    public static final class Reports implements Status {
        public final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void message(String text) {
            lines.add("message: " + text);
        }

        @Override
        public void problem(String text) {
            lines.add("problem: " + text);
        }

        @Override
        public void error(String operation, String detail) {
            lines.add("error: " + operation + ": " + detail);
        }

        public List<String> snapshot() {
            return new ArrayList<>(lines);
        }
    }

    /** Polls until the condition holds; fails with the message after ten seconds. */
    public static void await(BooleanSupplier condition, Supplier<String> message) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, () -> "after 10 s: " + message.get());
            Thread.sleep(5);
        }
    }
}
