package digits.ui.internal.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.DatasetProvider;
import digits.api.EpochMetrics;
import digits.api.GrayImage;
import digits.api.LabelledImages;
import digits.api.ModelInfo;
import digits.api.Prediction;
import digits.api.Recognizer;
import digits.engine.internal.RecognizerEvaluator;
import digits.models.internal.FileModelStore;
import digits.selection.internal.TestSelection;
import digits.ui.internal.Services;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.IntUnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Models tab without a window: models put side by side over the real model store, the real
 * selection and the real evaluator, with two plain recognizers that disagree on known images.
 */
class ModelsModelTest {

    static final int IMAGES = 200;

    @TempDir
    Path folder;
    ModelsModel model;
    final List<String> failures = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() throws Exception {
        FileModelStore store = new FileModelStore(folder);
        store.save(info("a", 0.90, 0.95), ModelsModelTest::modelZip);
        store.save(info("b", 0.80, 0.85), ModelsModelTest::modelZip);
        store.save(info("unloadable", 0.5, 0.6), ModelsModelTest::modelZip);
        // a reads every image right; b takes every 3 for an 8
        var selection = TestSelection.of(new Reader("cnn:a", c -> c), new Reader("cnn:b", c -> c == 3 ? 8 : c));
        Services services = new Services(null);
        services.setModelStore(store);
        services.setSelection(selection);
        services.setEvaluator(new RecognizerEvaluator());
        services.addDataset(new Coded());
        model = new ModelsModel(services, () -> { },
                new ModelsModel.Reporter() {
                    @Override
                    public void done(String message) {
                    }

                    @Override
                    public void failed(String operation, String detail) {
                        failures.add(operation + ": " + detail);
                    }
                });
    }

    @AfterEach
    void close() {
        model.close();
    }

    @Test
    void twoModelsSideBySideShowTheImagesWhereTheyDisagreeWithEachAnswer() throws Exception {
        model.select("a");
        model.addSelectedToComparison();
        assertEquals(ModelsModel.Phase.IDLE, model.phase(), "one model is no comparison");
        assertTrue(model.disagreementsText().startsWith("Put two models or more"), model.disagreementsText());

        model.select("b");
        model.addSelectedToComparison();
        awaitPhase(ModelsModel.Phase.DONE);

        assertEquals(List.of("a", "b"), model.compared());
        List<ModelsModel.Tile> tiles = model.disagreementTiles();
        assertEquals(IMAGES / 10, tiles.size(), "every 3, nothing else");
        assertEquals("3: 3✓ 8", tiles.get(0).caption());
        assertEquals("test image 3, a 3: a 3 (90%), right; b 8 (90%)", tiles.get(0).tooltip());
        assertEquals(60 / 255f, tiles.get(0).image().at(0, 0), 1e-6, "the image itself (a 3 is coded as 60)");
        String heading = model.disagreementsText();
        assertTrue(heading.startsWith("a and b disagree on 20 of 200 mnist/test images; right there: a 20, b 0"), heading);

        String metrics = model.metricsText();
        assertTrue(metrics.contains("on 200 images of mnist/test"), metrics);
        assertTrue(metrics.matches("(?s).*accuracy\\s+100\\.00%\\s+90\\.00%.*"), metrics);
        assertTrue(metrics.matches("(?s).*right, differing\\s+20\\s+0.*"), metrics);

        List<ModelsModel.Curve> curves = model.curves();
        assertEquals(List.of("a", "b"), curves.stream().map(ModelsModel.Curve::name).toList());
        assertEquals(2, curves.get(1).points().size());
        assertEquals(2.0, curves.get(1).points().get(1)[0]);
        assertEquals(0.85, curves.get(1).points().get(1)[1], 1e-9);
    }

    @Test
    void fewerTestImagesCompareAgainAndTheNewestRequestWins() throws Exception {
        model.select("a");
        model.addSelectedToComparison();
        model.select("b");
        model.addSelectedToComparison();
        model.setTestImages(50); // asked for while the comparison of all 200 may still run
        awaitPhase(ModelsModel.Phase.DONE);
        assertEquals(50, model.comparison().count());
        assertEquals(5, model.disagreementTiles().size());
    }

    @Test
    void clearingTheComparisonEmptiesTheGallery() throws Exception {
        model.select("a");
        model.addSelectedToComparison();
        model.select("b");
        model.addSelectedToComparison();
        awaitPhase(ModelsModel.Phase.DONE);
        model.clearComparison();
        assertEquals(ModelsModel.Phase.IDLE, model.phase());
        assertEquals(List.of(), model.disagreementTiles());
        assertEquals(List.of(), model.curves());
    }

    @Test
    void aModelWithoutItsRecognizerSaysSo() throws Exception {
        model.select("a");
        model.addSelectedToComparison();
        model.select("unloadable");
        model.addSelectedToComparison();
        awaitPhase(ModelsModel.Phase.FAILED);
        assertEquals("No disagreements: the model 'unloadable' is not offered as a recognizer (a stored model that "
                + "cannot be loaded is not)", model.disagreementsText());
        assertEquals(List.of(), model.disagreementTiles());
    }

    void awaitPhase(ModelsModel.Phase phase) throws InterruptedException {
        await(() -> model.phase() == phase, "phase " + phase);
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "after 20 s, still not " + what);
            Thread.sleep(10);
        }
    }

    static ModelInfo info(String name, double firstValidation, double secondValidation) {
        List<EpochMetrics> history = new ArrayList<>();
        history.add(new EpochMetrics(0, 0.5, 0.8, 0.4, firstValidation, 0.95, 0.8, 0.8, 0.001, 1000, 1000));
        history.add(new EpochMetrics(1, 0.3, 0.9, 0.3, secondValidation, 0.97, 0.9, 0.9, 0.001, 2000, 0));
        return new ModelInfo(name, "reference", "mnist", "", "adamax", Map.of(), 2, 32, null, 0.9, 0.95, 223_274,
                "2026-12-01T09:00:00Z", "", history);
    }

    /** A file of the shape the store checks; what is inside is the engine's business, not tested here. */
    static void modelZip(Path target) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(target))) {
            zip.putNextEntry(new ZipEntry("configuration.json"));
            zip.putNextEntry(new ZipEntry("coefficients.bin"));
        }
    }

    /** Test images that carry their class as the ink of their first pixel (class c: c * 20 of 255). */
    static final class Coded implements DatasetProvider {
        @Override
        public String id() {
            return "mnist";
        }

        @Override
        public String description() {
            return "coded digits";
        }

        @Override
        public List<String> classNames() {
            return List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        }

        @Override
        public LabelledImages train() {
            return test();
        }

        @Override
        public LabelledImages test() {
            byte[] pixels = new byte[IMAGES * 784];
            byte[] labels = new byte[IMAGES];
            for (int i = 0; i < IMAGES; i++) {
                labels[i] = (byte) (i % 10);
                pixels[i * 784] = (byte) (20 * (i % 10));
            }
            return new LabelledImages("mnist/test", 28, 28, pixels, labels);
        }

        @Override
        public String checksum() {
            return "";
        }

        @Override
        public String provision() {
            return "generated";
        }
    }

    /** Reads the class from the first pixel, then answers {@code answer(class)}, 90% sure. */
    record Reader(String id, IntUnaryOperator answer) implements Recognizer {
        @Override
        public String description() {
            return id;
        }

        @Override
        public Prediction recognize(GrayImage input) {
            int c = Math.round(input.at(0, 0) * 255 / 20);
            float[] p = new float[10];
            java.util.Arrays.fill(p, 0.1f / 9);
            p[answer.applyAsInt(c)] = 0.9f;
            return new Prediction(p, id, 0);
        }
    }
}
