package digits.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import digits.api.GrayImage;
import digits.preprocess.Images;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./digits COMMAND} as a Unix tool: run from another folder, as a script would, with its
 * standard output, standard error and exit status read apart.
 */
class CommandLineIT {

    static final Path DIR = Path.of("target/cli").toAbsolutePath();
    /** MNIST test images 0..5, which the shipped model (99.58% on the test set) gets right. */
    static final int LABELLED = 6;
    static final int[] labels = new int[LABELLED + 1];

    record Result(int code, String out, String err) {
        String both() {
            return out + err;
        }
    }

    static Result digits(String... args) throws Exception {
        return run(DIR, cmd(TestWorkbench.home().resolve("digits").toString(), args));
    }

    static List<String> cmd(String first, String... rest) {
        List<String> cmd = new ArrayList<>(List.of(first));
        cmd.addAll(List.of(rest));
        return cmd;
    }

    static Result run(Path dir, List<String> cmd) throws Exception {
        Path out = Files.createTempFile("digits", ".out");
        Path err = Files.createTempFile("digits", ".err");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), "did not exit: " + cmd);
        Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    @BeforeAll
    static void images() throws Exception {
        Path drawings = Files.createDirectories(DIR.resolve("drawings"));
        byte[][] mnist = mnistTest();
        for (int i = 0; i <= LABELLED; i++) {
            labels[i] = mnist[1][8 + i];
            float[] pixels = new float[784];
            for (int k = 0; k < 784; k++) {
                pixels[k] = (mnist[0][16 + i * 784 + k] & 0xff) / 255f;
            }
            // labelled as the drawings store names files; the last one outside the folder, unlabelled
            Path file = i < LABELLED ? drawings.resolve(labels[i] + "_2026-12-01T07-00-0" + i + ".png") : DIR.resolve("single.png");
            ImageIO.write(Images.toBufferedImage(new GrayImage(28, 28, pixels)), "png", file.toFile());
        }
        ImageIO.write(Images.toBufferedImage(new GrayImage(28, 28, new float[784])), "png",
                drawings.resolve("blank.png").toFile());
        Files.writeString(DIR.resolve("broken.png"), "not a picture");
    }

    /** The MNIST test images and labels (IDX files), provisioned into the cache if they are not there yet. */
    static byte[][] mnistTest() throws Exception {
        Path cache = Path.of(System.getProperty("user.home"), ".cache/digit-workbench/datasets/mnist");
        if (!Files.isRegularFile(cache.resolve("t10k-labels-idx1-ubyte"))) {
            assertEquals(0, digits("fetch", "mnist").code());
        }
        return new byte[][] {Files.readAllBytes(cache.resolve("t10k-images-idx3-ubyte")),
            Files.readAllBytes(cache.resolve("t10k-labels-idx1-ubyte"))};
    }

    static void assertNoLogsNorStackTraces(Result r) {
        assertFalse(r.both().contains("INFO"), r.both());
        assertFalse(r.both().contains("\tat ") || r.both().contains("Exception"), r.both());
    }

    @Test
    void predictAnswersEachImageOfSeveralFilesAndAFolderThenSumsUpWithTheAccuracyOfTheLabelledOnes() throws Exception {
        Result r = digits("predict", "single.png", "drawings/");
        assertEquals(0, r.code(), r.both());
        assertNoLogsNorStackTraces(r);
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith("single.png: " + labels[LABELLED] + " ("), r.out());
        // the folder's files in name order: the labelled ones (by label), then blank.png
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < LABELLED; i++) {
            order.add(i);
        }
        order.sort(java.util.Comparator.comparing(i -> labels[i] + "_2026-12-01T07-00-0" + i));
        for (int k = 0; k < LABELLED; k++) {
            int i = order.get(k);
            String line = lines.get(1 + k);
            assertTrue(line.matches("drawings/" + labels[i] + "_\\S+\\.png: " + labels[i] + " \\(\\d+\\.\\d\\d%\\)"), line);
        }
        assertEquals("drawings/blank.png: empty (no ink found)", lines.get(7), r.out());
        assertTrue(lines.get(8).matches("8 images by cnn:default \\(preprocessed by mnist\\) in \\S+ s: 7 digits, 1 empty,"
                + " 0 not a digit, 0 not read"), lines.get(8));
        assertEquals("accuracy 100.00% (" + LABELLED + " of " + LABELLED + " images named LABEL_*: right)", lines.get(9));
        assertEquals(10, lines.size(), r.out());
    }

    @Test
    void anUnreadableImageAmongGoodOnesIsNamedInOneLineTheOthersAreAnsweredAndTheStatusIsOne() throws Exception {
        Result r = digits("predict", "single.png", "broken.png", "missing.png", "drawings");
        assertEquals(1, r.code(), r.both());
        assertNoLogsNorStackTraces(r);
        assertEquals(List.of("digits: predict: broken.png is not an image (PNG, JPEG, GIF or BMP)",
                "digits: predict: missing.png: no such file",
                "digits: predict: 2 of 10 images could not be read"), r.err().lines().toList());
        assertTrue(r.out().startsWith("single.png: " + labels[LABELLED] + " ("), r.out());
        assertTrue(r.out().contains("\nbroken.png: not read\nmissing.png: not read\n"), r.out());
        assertTrue(r.out().contains(": 7 digits, 1 empty, 0 not a digit, 2 not read"), r.out());
    }

    @Test
    void jsonIsOneDocumentThatParsesBackWithEveryImageAndTheSummary() throws Exception {
        Result r = digits("predict", "--json", "--recognizer", "default", "drawings", "broken.png");
        assertEquals(1, r.code(), r.both());
        JsonObject doc = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals("cnn:default", doc.get("recognizer").getAsString());
        JsonArray images = doc.getAsJsonArray("images");
        assertEquals(LABELLED + 2, images.size());
        for (int k = 0; k < LABELLED; k++) {
            JsonObject image = images.get(k).getAsJsonObject();
            int label = image.get("file").getAsString().charAt("drawings/".length()) - '0';
            assertEquals(label, image.get("label").getAsInt());
            assertEquals(label, image.get("digit").getAsInt());
            assertEquals(10, image.getAsJsonArray("probabilities").size());
        }
        assertEquals("empty", images.get(LABELLED).getAsJsonObject().get("answer").getAsString());
        JsonObject broken = images.get(LABELLED + 1).getAsJsonObject();
        assertEquals("not-read", broken.get("answer").getAsString());
        assertTrue(broken.get("error").getAsString().startsWith("broken.png is not an image"), broken.toString());
        JsonObject summary = doc.getAsJsonObject("summary");
        assertEquals(LABELLED + 2, summary.get("images").getAsInt());
        assertEquals(1, summary.get("notRead").getAsInt());
        assertEquals(1.0, summary.get("accuracy").getAsDouble());
    }

    @Test
    void recognizerOptionPicksTheRecognizer() throws Exception {
        Result r = digits("--feature", "digits-extras", "predict", "--json", "-r", "ensemble", "single.png");
        assertEquals(0, r.code(), r.both());
        assertEquals("ensemble", JsonParser.parseString(r.out()).getAsJsonObject().get("recognizer").getAsString());
    }

    @Test
    void usageErrorsExitWithTwoInOneLineAndShowTheUsage() throws Exception {
        Result none = digits("predict");
        assertEquals(2, none.code(), none.both());
        assertTrue(none.err().startsWith("digits: predict: predict needs at least one image file or folder\n"), none.err());
        assertTrue(none.err().contains("--recognizer") && none.err().contains("image files and folders"), none.err());
        assertEquals("", none.out());

        Result option = digits("predict", "--jsn", "single.png");
        assertEquals(2, option.code(), option.both());
        assertTrue(option.err().startsWith("digits: predict: unknown option --jsn\n"), option.err());

        Result recognizer = digits("predict", "-r", "nope", "single.png");
        assertEquals(2, recognizer.code(), recognizer.both());
        assertTrue(recognizer.err().startsWith("digits: predict: no model or recognizer 'nope'; present: [cnn:default]\n"),
                recognizer.err());

        Result command = digits("frobnicate");
        assertEquals(2, command.code(), command.both());
        assertEquals("digits: unknown command 'frobnicate'\nTry 'digits --help'.\n", command.err());

        Result launcher = digits("--frobnicate");
        assertEquals(2, launcher.code(), launcher.both());
        assertTrue(launcher.err().startsWith("digits: unknown option --frobnicate\nUsage: digits"), launcher.err());
        for (Result r : List.of(none, option, recognizer, command, launcher)) {
            assertNoLogsNorStackTraces(r);
        }
    }

    @Test
    void theConsoleCarriesResultsTheLogFileTheLoggingAndVerboseShowsIt() throws Exception {
        Path log = Path.of(System.getProperty("user.home"), ".local/state/digit-workbench/digits.log");
        Result quiet = digits("backend");
        assertEquals(0, quiet.code(), quiet.both());
        assertTrue(quiet.out().startsWith("backend: CPU on"), quiet.out());
        // the launcher turns off JavaCPP's RSS check only: the off-heap limit stays and is shown
        assertFalse(quiet.out().contains("off-heap limit 0 MiB"), quiet.out());
        assertNoLogsNorStackTraces(quiet);
        assertTrue(Files.readString(log).contains("INFO org.nd4j.linalg.factory.Nd4jBackend - Loaded [CpuBackend] backend"));

        Result verbose = digits("-v", "backend");
        assertEquals(0, verbose.code(), verbose.both());
        assertTrue(verbose.err().contains("INFO org.nd4j.linalg.factory.Nd4jBackend - Loaded [CpuBackend] backend"), verbose.err());
        assertTrue(verbose.out().startsWith("backend: CPU on"), verbose.out());

        Result help = digits("--help");
        assertTrue(help.out().contains(log.toString()), help.out());
        Result version = digits("--version");
        assertEquals(0, version.code());
        assertTrue(version.out().startsWith("digits 0.1.0\nJava "), version.out());
    }

    @Test
    void progressIsABarWithRateAndEtaOnATerminalAndPlainLinesInAPipe() throws Exception {
        // script(1) from util-linux gives the command a pseudo-terminal, as a person's terminal would
        String line = TestWorkbench.home().resolve("digits") + " evaluate --limit 3000 default";
        Result tty = run(DIR, List.of("script", "-qefc", line, "/dev/null"));
        assertEquals(0, tty.code(), tty.both());
        assertTrue(tty.out().matches("(?s).*\revaluate \\[#+-*\\] +\\d+% \\d+/3000 images, \\d+ images/s, ETA \\d+:\\d\\d.*"),
                tty.out());
        assertTrue(tty.out().contains("evaluate [##############################] 100% 3000/3000 images"), tty.out());

        Result pipe = digits("evaluate", "--limit", "3000", "default");
        assertEquals(0, pipe.code(), pipe.both());
        assertFalse(pipe.both().contains("\r"), pipe.both());
        assertTrue(pipe.err().lines().anyMatch(l -> l.matches("evaluate: 100% 3000/3000 images, \\d+ images/s, ETA 0:00")),
                pipe.err());
        assertTrue(pipe.out().startsWith("cnn:default on mnist"), pipe.out());
        assertNoLogsNorStackTraces(pipe);
    }
}
