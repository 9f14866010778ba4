package digits.ui.internal.evaluate;

import static digits.ui.internal.Parts.await;
import static digits.ui.internal.Parts.probabilities;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.DatasetException;
import digits.api.Comparison;
import digits.engine.internal.OcclusionExplainer;
import digits.api.DatasetProvider;
import digits.api.Evaluation;
import digits.api.Evaluator;
import digits.api.GrayImage;
import digits.api.LabelledImages;
import digits.api.Prediction;
import digits.api.Recognizer;
import digits.ui.internal.Parts;
import digits.ui.internal.Services;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Evaluate tab's model without a display: forty test images, a recognizer that gets three of
 * them wrong on purpose, and an evaluator written for the test that counts as any evaluator does.
 */
class EvaluateModelTest {

    private static final int IMAGES = 40;
    /** The images read wrong, by index, and what they are taken for: two 3s read as 5, an 8 as 0. */
    private static final Map<Integer, Integer> WRONG = Map.of(3, 5, 13, 5, 8, 0);

    private final Parts.Reports reports = new Parts.Reports();
    private EvaluateModel model;

    @AfterEach
    void dispose() {
        if (model != null) {
            model.dispose();
        }
    }

    /** Image i is labelled i % 10 and carries its index in its first pixel, so the recognizer can tell them apart. */
    private static LabelledImages images() {
        byte[] pixels = new byte[IMAGES * 784];
        byte[] labels = new byte[IMAGES];
        for (int i = 0; i < IMAGES; i++) {
            pixels[i * 784] = (byte) i;
            pixels[i * 784 + 400] = (byte) 255;
            labels[i] = (byte) (i % 10);
        }
        return new LabelledImages("tiny", 28, 28, pixels, labels);
    }

    private static int indexOf(GrayImage image) {
        return Math.round(image.at(0, 0) * 255);
    }

    private static final Recognizer READER = new Parts.ScriptedRecognizer("test:reader", in -> {
        int i = indexOf(in);
        int answer = WRONG.getOrDefault(i, i % 10);
        return new Prediction(probabilities(answer, 0.5f + i / 100f, (answer + 1) % 10, 0.1f), "test:reader", 0);
    });

    /** Counts top-1 answers into a confusion matrix and keeps the mistakes, as an evaluator must. */
    private static final Evaluator COUNTER = new Evaluator() {
        @Override
        public Comparison compare(List<Recognizer> recognizers, LabelledImages images, int maxDisagreements) {
            throw new UnsupportedOperationException("the Evaluate tab compares nothing");
        }

        @Override
        public Evaluation evaluate(Recognizer recognizer, LabelledImages images, int maxMistakes) {
        int[][] confusion = new int[10][10];
        List<Evaluation.Mistake> mistakes = new ArrayList<>();
        int right = 0;
        for (int i = 0; i < images.count(); i++) {
            Prediction p = recognizer.recognize(images.image(i));
            int label = images.label(i);
            confusion[label][p.best().label()]++;
            if (p.best().label() == label) {
                right++;
            } else if (mistakes.size() < maxMistakes) {
                mistakes.add(new Evaluation.Mistake(i, label, p.best().label(), p.best().probability(), images.image(i)));
            }
        }
        double accuracy = right / (double) images.count();
        double[] zeros = new double[10];
        return new Evaluation(recognizer.id(), images.name(), images.count(), new double[] {accuracy, accuracy,
            accuracy, accuracy, accuracy}, zeros, zeros, zeros, confusion, mistakes, 5);
        }
    };

    private static DatasetProvider dataset(boolean broken) {
        return new DatasetProvider() {
            @Override
            public String id() {
                return "tiny";
            }

            @Override
            public String description() {
                return "forty images";
            }

            @Override
            public List<String> classNames() {
                return List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
            }

            @Override
            public LabelledImages train() {
                return images();
            }

            @Override
            public LabelledImages test() throws DatasetException {
                if (broken) {
                    throw new DatasetException("tiny/test: the file is truncated");
                }
                return images();
            }

            @Override
            public String checksum() {
                return "";
            }

            @Override
            public String provision() {
                return "";
            }
        };
    }

    private EvaluateModel model(boolean brokenDataset) {
        Services services = new Services(null);
        services.setExplainer(new OcclusionExplainer());
        services.setSelection(new Parts.FixedSelection(null, List.of(READER), List.of()));
        services.setEvaluator(COUNTER);
        services.addDataset(dataset(brokenDataset));
        model = new EvaluateModel(services, reports);
        return model;
    }

    private void evaluate(EvaluateModel m, int limit) throws InterruptedException {
        assertTrue(m.canEvaluate());
        m.evaluate(EvaluateModel.ACTIVE, "tiny", limit);
        await(() -> !m.running(), m::summary);
    }

    @Test
    void aMistakeClickedShowsTheSaliencyOfItsAnswerAndItsRunnerUp() throws Exception {
        EvaluateModel m = model(false);
        evaluate(m, 0);
        assertTrue(m.why().isEmpty());
        assertEquals(EvaluateModel.WHY_HINT, m.whyText());
        EvaluateModel.Tile second = m.gallery().get(1);
        m.explain(1);
        await(() -> m.why().isPresent(), m::whyText);
        List<Prediction.Ranked> top = READER.recognize(second.image()).top(2);
        EvaluateModel.Why why = m.why().orElseThrow();
        assertEquals(second.image(), why.image());
        assertEquals(top.get(0).label(), why.explanation().answer().label());
        assertEquals(top.get(1).label(), why.explanation().runnerUp().label());
        assertTrue(m.whyText().startsWith("A " + second.label() + " read as " + top.get(0).label() + " ("), m.whyText());
        assertTrue(m.whyText().contains("runner-up " + top.get(1).label() + " ("), m.whyText());
        m.selectCell(3, 5);
        assertTrue(m.why().isEmpty(), "another gallery, no explanation of an image it no longer shows");
    }

    @Test
    void aFinishedEvaluationShowsItsAccuracyMatrixAndMistakes() throws Exception {
        EvaluateModel m = model(false);
        evaluate(m, 0);
        // 37 of the 40 images are read right
        assertTrue(m.summary().startsWith("Accuracy 92.50% · top-1 92.50%"), m.summary());
        assertTrue(m.summary().contains("40 images of tiny"), m.summary());
        int[][] confusion = m.evaluation().orElseThrow().confusion();
        assertEquals(2, confusion[3][5]);
        assertEquals(1, confusion[8][0]);
        assertEquals(10, m.perClassRows().size());
        assertArrayEquals(new String[] {"3", "0.00%", "0.00%", "0.00%", "4"}, m.perClassRows().get(3));
        assertEquals("Misclassified images, most confident first: 3 shown of 3", m.galleryCaption());
        assertEquals(3, m.gallery().size());
        assertTrue(reports.snapshot().contains("message: evaluated test:reader: accuracy 92.50% on 40 images"),
                reports.snapshot().toString());
        assertTrue(m.canEvaluate(), "another evaluation can start");
    }

    @Test
    void selectingACellListsExactlyTheImagesOfThatTrueAndPredictedPair() throws Exception {
        EvaluateModel m = model(false);
        evaluate(m, 0);

        m.selectCell(3, 5);
        assertEquals(Set.of(3, 13), indices(m.gallery()));
        assertEquals("True 3, predicted 5: 2 images", m.galleryCaption());
        assertArrayEquals(new int[] {3, 5}, m.selectedCell());
        // most confident first: image 13 was answered with more confidence than image 3
        assertEquals(List.of("3 → 5  63%", "3 → 5  53%"), m.gallery().stream().map(EvaluateModel.Tile::caption).toList());

        m.selectCell(3, 3);
        assertEquals(Set.of(23, 33), indices(m.gallery()));
        m.selectCell(2, 7);
        assertEquals(Set.of(), indices(m.gallery()));
        assertEquals("True 2, predicted 7: 0 images", m.galleryCaption());
        assertEquals("No image in this cell", m.galleryEmpty());
    }

    @Test
    void aLimitEvaluatesTheFirstImagesOnly() throws Exception {
        EvaluateModel m = model(false);
        evaluate(m, 10);
        assertEquals(10, m.evaluation().orElseThrow().count());
        // of the first ten, only the 3 and the 8 are read wrong
        assertTrue(m.summary().startsWith("Accuracy 80.00%"), m.summary());
    }

    @Test
    void aFailedEvaluationSaysWhyAndTheButtonComesBack() throws Exception {
        EvaluateModel m = model(true);
        evaluate(m, 0);
        assertEquals("Evaluation failed: tiny/test: the file is truncated", m.summary());
        assertTrue(reports.snapshot().contains("error: Evaluate: tiny/test: the file is truncated"),
                reports.snapshot().toString());
        assertTrue(m.canEvaluate());
    }

    private static Set<Integer> indices(List<EvaluateModel.Tile> tiles) {
        return tiles.stream().map(t -> indexOf(t.image())).collect(Collectors.toSet());
    }
}
