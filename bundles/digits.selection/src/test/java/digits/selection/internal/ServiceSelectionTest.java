package digits.selection.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.DescribedOptimizer;
import digits.api.GrayImage;
import digits.api.HyperParameter;
import digits.api.OptimizerDescription;
import digits.api.Prediction;
import digits.api.Preprocessor;
import digits.api.Recognizer;
import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The selection as DS drives it: services bound with their rankings, then configured. */
class ServiceSelectionTest {

    private final ServiceSelection selection = new ServiceSelection();
    private final List<String> told = new CopyOnWriteArrayList<>();

    static ServiceSelection.Config config(String recognizer, String optimizer, String preprocessor) {
        return new ServiceSelection.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ServiceSelection.Config.class;
            }

            @Override
            public String recognizer() {
                return recognizer;
            }

            @Override
            public String optimizer() {
                return optimizer;
            }

            @Override
            public String preprocessor() {
                return preprocessor;
            }
        };
    }

    static Map<String, Object> ranking(int r) {
        return Map.of("service.ranking", r);
    }

    record Named(String id) implements Recognizer, Preprocessor {
        @Override
        public String description() {
            return id;
        }

        @Override
        public Prediction recognize(GrayImage input) {
            return new Prediction(new float[10], id, 0);
        }

        @Override
        public Optional<GrayImage> toModelInput(GrayImage image) {
            return Optional.of(image);
        }
    }

    record Updater(String id) implements DescribedOptimizer {
        @Override
        public OptimizerDescription describe() {
            return new OptimizerDescription(id, "the " + id + " optimizer",
                    List.of(new HyperParameter("learningRate", "", 0.001, 0, 1)));
        }
    }

    @BeforeEach
    void bind() {
        selection.configure(config("cnn:default", "adamax", "mnist"));
        selection.addListener(told::add);
    }

    @Test
    void theConfiguredOneWinsOverAHigherRanking() {
        selection.addRecognizer(new Named("cnn:default"), ranking(0));
        selection.addRecognizer(new Named("ensemble"), ranking(50));
        assertEquals("cnn:default", selection.activeRecognizer().orElseThrow().id());
        assertEquals(List.of("cnn:default", "ensemble"), selection.recognizers().stream().map(Recognizer::id).toList());
    }

    @Test
    void withoutTheConfiguredOneTheHighestRankedIsActive() {
        selection.addPreprocessor(new Named("reference"), ranking(0));
        selection.addPreprocessor(new Named("sharp"), ranking(10));
        assertEquals("sharp", selection.activePreprocessor().orElseThrow().id());
        selection.addPreprocessor(new Named("mnist"), ranking(-5));
        assertEquals("mnist", selection.activePreprocessor().orElseThrow().id(), "configured, though ranked lowest");
    }

    @Test
    void aConfigurationChangeAppliesAtOnce() {
        selection.addOptimizer(new Updater("adamax"), ranking(0));
        selection.addOptimizer(new Updater("adam"), ranking(0));
        assertEquals("adamax", selection.activeOptimizer().orElseThrow().id());
        selection.configure(config("cnn:default", "adam", "mnist"));
        assertEquals("adam", selection.activeOptimizer().orElseThrow().id());
    }

    @Test
    void theUsersChoiceWinsAndWhenItGoesAwayTheSelectionFallsBackAndSaysSo() {
        Named ensemble = new Named("ensemble");
        selection.addRecognizer(new Named("cnn:default"), ranking(0));
        selection.addRecognizer(ensemble, ranking(0));
        selection.useRecognizer("ensemble");
        assertEquals("ensemble", selection.activeRecognizer().orElseThrow().id());
        selection.removeRecognizer(ensemble);
        assertEquals("cnn:default", selection.activeRecognizer().orElseThrow().id());
        assertEquals("recognizer ensemble went away; now using cnn:default", told.get(told.size() - 1));
    }

    @Test
    void optimizersAreHandedOutAsDescriptions() {
        selection.addOptimizer(new Updater("adamax"), ranking(0));
        OptimizerDescription d = selection.activeOptimizer().orElseThrow();
        assertEquals(new OptimizerDescription("adamax", "the adamax optimizer",
                List.of(new HyperParameter("learningRate", "", 0.001, 0, 1))), d);
        assertEquals(Map.of("learningRate", 0.002), d.resolve(Map.of("learningRate", 0.002)));
    }

    @Test
    void usingAnAbsentOneNamesThosePresent() {
        selection.addRecognizer(new Named("cnn:default"), ranking(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> selection.useRecognizer("knn"));
        assertEquals("no recognizer 'knn'; present: [cnn:default]", e.getMessage());
        assertTrue(selection.activeRecognizer().isPresent());
    }
}
