package digits.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.Evaluation;
import digits.api.Evaluator;
import digits.api.GrayImage;
import digits.api.LabelledImages;
import digits.api.ModelException;
import digits.api.ModelExporter;
import digits.api.ModelImporter;
import digits.api.ModelInfo;
import digits.api.ModelStore;
import digits.api.Recognizer;
import digits.api.Selection;
import digits.api.Trainer;
import digits.api.TrainingOutcome;
import digits.api.TrainingRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bring your own model: the reference's own trained Keras model imported into a real framework
 * reproduces its published figures; our three networks go out to Keras 3 and come back unchanged,
 * and a second reader (numpy, no Keras, no DL4J) computes the same digits from the exported file;
 * broken files are refused with one line and store nothing.
 */
class KerasImportIT {

    /** The reference project's files (CI keeps ../shared beside the clone). */
    static final Path REFERENCE = TestWorkbench.home().resolveSibling("shared").resolve("data/reference");

    static TestWorkbench workbench;
    static Path models;
    static ModelImporter importer;
    static ModelExporter exporter;
    static ModelStore store;
    static Selection selection;
    static LabelledImages test;

    @BeforeAll
    static void start() throws Exception {
        assertTrue(Files.isRegularFile(REFERENCE.resolve("model_epoch_50.keras")), "the reference's files are not in " + REFERENCE);
        models = Files.createTempDirectory(Path.of("target"), "models-");
        // the shipped model is the deep network: it is the trained "deep" of the round trip
        Files.copy(TestWorkbench.home().resolve("models/default.zip"), models.resolve("default.zip"));
        Files.copy(TestWorkbench.home().resolve("models/default.json"), models.resolve("default.json"));
        workbench = TestWorkbench.start(false, Map.of("digits.models", models.toString()));
        importer = workbench.service(ModelImporter.class, Duration.ofSeconds(60));
        exporter = workbench.service(ModelExporter.class, Duration.ofSeconds(10));
        store = workbench.service(ModelStore.class, Duration.ofSeconds(10));
        selection = workbench.service(Selection.class, Duration.ofSeconds(10));
        test = ShippedModelIT.mnist(workbench).test();
    }

    @AfterAll
    static void stop() throws Exception {
        workbench.close();
    }

    @Test
    void theReferenceKerasArchiveReproducesItsPublishedFigures() throws Exception {
        ModelInfo info = importer.importModel(REFERENCE.resolve("model_epoch_50.keras"), "reference-keras", "");
        assertEquals(223_274, info.parameters(), "the reference CNN's parameter count");
        assertEquals("adamax", info.optimizerId(), "the archive carries Adamax's state");
        assertTrue(info.command().contains("Keras 3.9.0") && info.command().contains("SHA-256 "), info.command());
        assertReferenceFigures(TrainingIT.waitForRecognizer(selection, "cnn:reference-keras"));
    }

    @Test
    void theReferenceWeightsFileReadWithTheReferenceArchitectureDoesTheSame() throws Exception {
        ModelInfo info = importer.importModel(REFERENCE.resolve("v_50.weights.h5"), "reference-weights", "reference");
        assertEquals("reference", info.architecture());
        assertReferenceFigures(TrainingIT.waitForRecognizer(selection, "cnn:reference-weights"));
    }

    /**
     * 99.37% top-1 and 99.95% top-3, the reference report's figures, and the same digit as the
     * reference's own forward pass on at least 9,995 of the 10,000 images (float rounding may
     * flip a near tie or two, no more).
     */
    private static void assertReferenceFigures(Recognizer imported) throws Exception {
        Evaluator evaluator = workbench.service(Evaluator.class, Duration.ofSeconds(10));
        Evaluation e = evaluator.evaluate(imported, test, 0);
        assertEquals(10_000, e.count());
        assertEquals(0.9937, e.accuracy(), 0.00005, "top-1");
        assertEquals(0.9995, e.top(3), 0.00005, "top-3");
        List<String> expected = Files.readAllLines(REFERENCE.resolve("model_epoch_50.predictions.txt"));
        int[] digits = digits(imported);
        int agree = 0;
        for (int i = 0; i < 10_000; i++) {
            agree += Integer.parseInt(expected.get(i).trim()) == digits[i] ? 1 : 0;
        }
        System.out.printf("%s: top-1 %.4f, top-3 %.4f, %d of 10,000 as the reference predicted%n", imported.id(), e.accuracy(),
                e.top(3), agree);
        assertTrue(agree >= 9_995, agree + " of 10,000 agree with the reference's predictions");
    }

    /**
     * Each architecture, trained, goes out as a Keras 3 archive and comes back: the same digit
     * on every test image and probabilities within 1e-5. The shipped model is the deep network;
     * the reference and bn networks are trained for one epoch on 2,000 images (enough to have
     * non-trivial batch-norm statistics and weights, and quick).
     */
    @Test
    void eachArchitectureSurvivesExportAndImportAndNumpyReadsTheExportAlike() throws Exception {
        Trainer trainer = workbench.service(Trainer.class, Duration.ofSeconds(10));
        for (String architecture : List.of("reference", "bn")) {
            TrainingOutcome o = trainer.start(TrainingRequest.defaults("mnist").withModelName("tiny-" + architecture)
                    .withArchitecture(architecture).withEpochs(1).withTrainLimit(2000), new TrainingIT.Recorder())
                    .completion().toCompletableFuture().get(5, TimeUnit.MINUTES);
            assertEquals(TrainingOutcome.State.COMPLETED, o.state(), o.message());
        }
        Path images = writeImages();
        Path out = Files.createDirectories(Path.of("target/keras-exports"));
        for (String name : List.of("default", "tiny-reference", "tiny-bn")) {
            // A model's temperature (calibration) is metadata its recognizer applies, not part of
            // the network a Keras file holds: compare the networks themselves.
            store.update(store.find(name).orElseThrow().withCalibration(null));
            Path archive = out.resolve(name + ".keras");
            exporter.exportModel(name, archive);
            try (ZipFile z = new ZipFile(archive.toFile())) {
                for (String entry : List.of("metadata.json", "config.json", "model.weights.h5")) {
                    assertTrue(z.getEntry(entry) != null, name + ".keras has no " + entry);
                }
            }
            importer.importModel(archive, name + "-back", "");
            float[][] before = probabilities(TrainingIT.waitForRecognizer(selection, "cnn:" + name));
            float[][] after = probabilities(TrainingIT.waitForRecognizer(selection, "cnn:" + name + "-back"));
            double worst = 0;
            for (int i = 0; i < before.length; i++) {
                assertEquals(argmax(before[i]), argmax(after[i]), name + ": image " + i);
                for (int d = 0; d < 10; d++) {
                    worst = Math.max(worst, Math.abs(before[i][d] - after[i][d]));
                }
            }
            assertTrue(worst <= 1e-5, name + ": probabilities differ by " + worst);

            int[] numpy = numpyDigits(archive, images);
            int agree = 0;
            for (int i = 0; i < before.length; i++) {
                agree += numpy[i] == argmax(before[i]) ? 1 : 0;
            }
            System.out.printf("%s: round trip within %.2g; numpy agrees on %d of %d%n", name, worst, agree, before.length);
            assertTrue(agree >= 9_995, name + ": numpy's forward pass agrees on " + agree + " of 10,000");
        }
    }

    @Test
    void brokenFilesAreRefusedWithOneLineAndStoreNothing() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "bad-keras-");
        Path reference = REFERENCE.resolve("model_epoch_50.keras");
        byte[] whole = Files.readAllBytes(reference);

        Path truncated = dir.resolve("truncated.keras");
        Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 2));
        assertRefused(truncated, "", "truncated.keras");

        Path noConfig = dir.resolve("noconfig.keras");
        rezip(reference, noConfig, Map.of("config.json", new byte[0]));
        assertRefused(noConfig, "", "no config.json");

        String config = entry(reference, "config.json");
        Path unsupported = dir.resolve("unsupported.keras");
        rezip(reference, unsupported, Map.of("config.json",
                config.replaceFirst("\"MaxPooling2D\"", "\"AveragePooling2D\"").getBytes(StandardCharsets.UTF_8)));
        assertRefused(unsupported, "", "'max_pooling2d' (AveragePooling2D) is not supported");

        // a layer whose weights are not in the HDF5 file: the config names a layer the file lacks
        Path missing = dir.resolve("missing.keras");
        rezip(reference, missing, Map.of("config.json",
                config.replace("\"dense_1\"", "\"dense_9\"").getBytes(StandardCharsets.UTF_8)));
        assertRefused(missing, "", "'dense_9' (Dense) has no weights in the file");

        // an HDF5 weights file without the weights of a layer the architecture has (bn's batch norms)
        assertRefused(REFERENCE.resolve("v_50.weights.h5"), "bn", "'batch_normalization' (BatchNormalization) has no weights in the file");

        // weights whose shapes do not fit: the deep network's (conv2d_1 3x3x32x32) read as bn (3x3x32x64)
        Path deep = dir.resolve("deep.keras");
        exporter.exportModel("default", deep);
        Path deepWeights = dir.resolve("deep.weights.h5");
        try (ZipFile z = new ZipFile(deep.toFile())) {
            Files.write(deepWeights, z.getInputStream(z.getEntry("model.weights.h5")).readAllBytes());
        }
        assertRefused(deepWeights, "bn", "layer 'conv2d_1' kernel is 3x3x32x32 in the file; the network needs 3x3x32x64");

        assertRefused(REFERENCE.resolve("v_50.weights.h5"), "", "--architecture");
    }

    private static void assertRefused(Path file, String architecture, String expected) {
        List<String> before = store.list().stream().map(ModelInfo::name).sorted().toList();
        ModelException e = assertThrows(ModelException.class, () -> importer.importModel(file, "broken", architecture));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertEquals(before, store.list().stream().map(ModelInfo::name).sorted().toList(), "nothing stored");
        assertTrue(store.find("broken").isEmpty());
    }

    /** A copy of a zip with some entries replaced; an empty replacement drops the entry. */
    private static void rezip(Path from, Path to, Map<String, byte[]> replaced) throws IOException {
        try (ZipFile in = new ZipFile(from.toFile()); OutputStream o = Files.newOutputStream(to);
                ZipOutputStream out = new ZipOutputStream(o)) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                byte[] bytes = replaced.containsKey(e.getName()) ? replaced.get(e.getName()) : in.getInputStream(e).readAllBytes();
                if (bytes.length > 0) {
                    out.putNextEntry(new ZipEntry(e.getName()));
                    out.write(bytes);
                    out.closeEntry();
                }
            }
        }
    }

    private static String entry(Path zip, String name) throws IOException {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            return new String(z.getInputStream(z.getEntry(name)).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<GrayImage> images() {
        List<GrayImage> out = new ArrayList<>(test.count());
        for (int i = 0; i < test.count(); i++) {
            out.add(test.image(i));
        }
        return out;
    }

    static int[] digits(Recognizer r) {
        float[][] p = probabilities(r);
        int[] out = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = argmax(p[i]);
        }
        return out;
    }

    static float[][] probabilities(Recognizer r) {
        return r.recognizeAll(images()).stream().map(digits.api.Prediction::probabilities).toArray(float[][]::new);
    }

    static int argmax(float[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            best = p[i] > p[best] ? i : best;
        }
        return best;
    }

    /** The test images as raw bytes (N x 28 x 28), for the numpy reader. */
    private static Path writeImages() throws IOException {
        Path file = Path.of("target/keras-exports/t10k.u8");
        Files.createDirectories(file.getParent());
        Files.write(file, test.pixels());
        return file;
    }

    /**
     * Runs the numpy reader (runtime/src/test/python/keras_forward.py) on an exported archive.
     * It needs Debian's python3-h5py and python3-numpy, which CI installs (.ci/run); elsewhere
     * the check is skipped with that reason, never in CI.
     */
    private static int[] numpyDigits(Path archive, Path images) throws Exception {
        String python = null;
        for (String candidate : List.of("/usr/bin/python3", "python3")) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import h5py, numpy").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    python = candidate;
                    break;
                }
            } catch (IOException e) {
                // not there: try the next
            }
        }
        if (python == null) {
            assertFalse("true".equals(System.getenv("CI")), "CI must have python3-h5py and python3-numpy (.ci/run installs them)");
            Assumptions.abort("python3 with h5py and numpy is not installed (apt-get install python3-h5py python3-numpy)");
        }
        Process p = new ProcessBuilder(python, Path.of("src/test/python/keras_forward.py").toAbsolutePath().toString(),
                archive.toAbsolutePath().toString(), images.toAbsolutePath().toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the numpy reader did not finish");
        assertEquals(0, p.exitValue(), "the numpy reader failed on " + archive);
        return output.lines().mapToInt(Integer::parseInt).toArray();
    }
}
