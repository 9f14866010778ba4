package digits.report.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.DatasetProvider;
import digits.api.Evaluation;
import digits.api.GrayImage;
import digits.api.LabelledImages;
import digits.api.ModelException;
import digits.api.ModelInfo;
import digits.api.ModelInspector;
import digits.api.ModelSummary;
import digits.api.Prediction;
import digits.api.Recognizer;
import digits.engine.internal.RecognizerEvaluator;
import digits.models.internal.FileModelStore;
import digits.report.NetworkDiagramTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report service over the real model store and evaluator, with the engine's DL4J services faked:
 * where it writes, and what it refuses.
 */
class HtmlReportWriterTest {

    @TempDir
    Path models;

    private HtmlReportWriter writer() throws IOException, ModelException {
        ModelInfo tiny = HtmlReportTest.info(2);
        ModelInfo fashion = new ModelInfo("fashion", "reference", "fashion-mnist", "", "adamax", Map.of(), 1, 32, null, Double.NaN,
                Double.NaN, 0, "2026-11-26T12:00:00Z", "", List.of());
        // the real store; the model files are zips of the shape it checks (the engine, faked
        // below, is what reads their weights)
        FileModelStore store = new FileModelStore(models);
        for (ModelInfo m : List.of(tiny, fashion, tiny.withName("corrupt"), tiny.withName("absent"))) {
            store.save(m, HtmlReportWriterTest::writeModelZip);
        }
        ModelInspector inspector = new ModelInspector() {
            @Override
            public ModelSummary ofArchitecture(String architecture) {
                return NetworkDiagramTest.REFERENCE;
            }

            @Override
            public ModelSummary ofModel(String name) throws ModelException {
                if (name.equals("corrupt")) {
                    throw new ModelException("corrupt.zip is not a model file: it is not a readable zip (zip END header not found)");
                }
                return NetworkDiagramTest.REFERENCE;
            }
        };
        HtmlReportWriter w = new HtmlReportWriter(store, inspector, new RecognizerEvaluator());
        w.recognizerWait = Duration.ofMillis(200);
        w.addRecognizer(new Fixed("cnn:tiny", 0));
        w.addRecognizer(new Fixed("cnn:fashion", 1));
        w.addRecognizer(new Fixed("cnn:corrupt", 0));
        w.datasets = List.of(new Mnist());
        return w;
    }

    @Test
    void theReportGoesIntoTheModelsWorkFolderAndNoTemporaryFileIsLeft() throws Exception {
        HtmlReportWriter w = writer();
        Path report = w.report("tiny");
        assertEquals(models.resolve("tiny.d").resolve("report.html"), report);
        assertEquals(report, w.reportFile("tiny"));
        assertTrue(Files.readString(report).contains("id=\"confusion\""));
        try (Stream<Path> files = Files.list(report.getParent())) {
            assertEquals(List.of("report.html"), files.map(p -> p.getFileName().toString()).toList());
        }
        // written again: replaced whole
        Files.writeString(report, "old");
        w.report("tiny", 5);
        String html = Files.readString(report);
        assertTrue(html.contains("first 5 test images"), "the limit is said");
    }

    @Test
    void aReportComparedWithOtherModelsEvaluatesThemOnTheSameImages() throws Exception {
        HtmlReportWriter w = writer();
        String html = Files.readString(w.report("tiny", 0, List.of("fashion")));
        // tiny answers 0 and fashion 1 on all ten test images (all zeros): they disagree on every one
        assertTrue(html.contains("data-disagreements=\"10\""), "every image");
        assertTrue(html.contains("<tr><th>accuracy</th><td>100.00%</td><td>0.00%</td></tr>"), "each on the same images");
        TreeSet<String> before = listing();
        ModelException missing = assertThrows(ModelException.class, () -> w.report("tiny", 0, List.of("nothing")));
        assertTrue(missing.getMessage().startsWith("no model 'nothing'"), missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> w.report("tiny", 0, List.of("tiny")));
        assertEquals(before, listing(), "nothing written");
    }

    @Test
    void withoutAnEvaluationTheReportSaysSo() throws Exception {
        Path report = writer().report("tiny", (Evaluation) null);
        String html = Files.readString(report);
        assertTrue(html.contains("Not evaluated for this report."));
        assertFalse(html.contains("id=\"confusion\""));
    }

    @Test
    void aModelWhoseDatasetIsAbsentIsEvaluatedOnMnistAndTheReportSaysSo() throws Exception {
        String html = Files.readString(writer().report("fashion"));
        assertTrue(html.contains("dataset &#39;fashion-mnist&#39; is not present"), "the note");
    }

    @Test
    void aCorruptMissingOrUnofferedModelIsRefusedAndNothingIsWritten() throws Exception {
        HtmlReportWriter w = writer();
        TreeSet<String> before = listing();
        ModelException corrupt = assertThrows(ModelException.class, () -> w.report("corrupt"));
        assertEquals("cannot report on 'corrupt': corrupt.zip is not a model file: it is not a readable zip "
                + "(zip END header not found)", corrupt.getMessage());
        ModelException missing = assertThrows(ModelException.class, () -> w.report("nothing"));
        assertTrue(missing.getMessage().startsWith("no model 'nothing'"), missing.getMessage());
        ModelException absent = assertThrows(ModelException.class, () -> w.report("absent"));
        assertTrue(absent.getMessage().contains("does not offer it as recognizer cnn:absent"), absent.getMessage());
        assertThrows(ModelException.class, () -> w.report("../escape", (Evaluation) null));
        assertThrows(IllegalArgumentException.class, () -> w.report("tiny", -1));
        assertEquals(before, listing(), "nothing written");
    }

    static void writeModelZip(Path target) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(target))) {
            zip.putNextEntry(new ZipEntry("configuration.json"));
            zip.putNextEntry(new ZipEntry("coefficients.bin"));
        }
    }

    private TreeSet<String> listing() throws IOException {
        try (Stream<Path> all = Files.walk(models)) {
            return all.map(p -> models.relativize(p).toString()).collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }

    /** Answers {@code digit} for every image. */
    private record Fixed(String id, int digit) implements Recognizer {
        @Override
        public String description() {
            return id;
        }

        @Override
        public Prediction recognize(GrayImage input) {
            float[] p = new float[10];
            p[digit] = 1;
            return new Prediction(p, id, 0);
        }
    }

    private static final class Mnist implements DatasetProvider {
        @Override
        public String id() {
            return "mnist";
        }

        @Override
        public String description() {
            return "ten images";
        }

        @Override
        public List<String> classNames() {
            return HtmlReportTest.DIGITS;
        }

        @Override
        public LabelledImages train() {
            return test();
        }

        @Override
        public LabelledImages test() {
            return new LabelledImages("mnist/test", 28, 28, new byte[10 * 784], new byte[10]);
        }

        @Override
        public String checksum() {
            return "";
        }

        @Override
        public String provision() {
            return "";
        }
    }
}
