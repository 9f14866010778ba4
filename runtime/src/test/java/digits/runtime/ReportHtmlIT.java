package digits.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.GrayImage;
import digits.api.LabelledImages;
import digits.api.ModelException;
import digits.api.Prediction;
import digits.api.Selection;
import digits.api.Trainer;
import digits.api.TrainingOutcome;
import digits.api.TrainingRequest;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.util.tracker.ServiceTracker;

/**
 * A model's HTML report, as a user gets it: written by the report service for a model trained
 * here, opened in headless Chromium, and asked for with {@code ./digits report MODEL}.
 *
 * <p>Chromium is driven through its command line ({@code --dump-dom}, {@code --screenshot}), not
 * WebDriver: nothing to download or match (Selenium's jars, a driver of the browser's exact
 * version), no port, and the same two flags work for every Chromium since headless mode came.
 * The report itself carries no script; the checks run in a copy of it with a script appended,
 * which writes its findings into the page, and {@code --dump-dom} hands the page back after its
 * load event.
 */
class ReportHtmlIT {

    /** MNIST's test set. */
    static final int TEST_IMAGES = 10_000;

    static TestWorkbench workbench;
    static Path models;

    @BeforeAll
    static void trainATinyModel() throws Exception {
        models = Files.createTempDirectory(Path.of("target"), "models-").toAbsolutePath();
        // the shipped model, to compare the tiny one with
        for (String file : List.of("default.zip", "default.json")) {
            if (Files.isRegularFile(UiFixtures.SHIPPED.resolve(file))) {
                Files.copy(UiFixtures.SHIPPED.resolve(file), models.resolve(file));
            }
        }
        workbench = TestWorkbench.start(false, Map.of("digits.models", models.toString()));
        Trainer trainer = workbench.service(Trainer.class, Duration.ofSeconds(90));
        // Two epochs on 2,000 images: about a minute here, enough for curves with two points and
        // a model right about 80-90% of the time, so that the report has mistakes to show.
        TrainingOutcome outcome = trainer.start(TrainingRequest.defaults("mnist").withModelName("tiny").withEpochs(2)
                .withTrainLimit(2000), new TrainingIT.Recorder()).completion().toCompletableFuture().get(8, TimeUnit.MINUTES);
        assertEquals(TrainingOutcome.State.COMPLETED, outcome.state(), outcome.message());
    }

    @AfterAll
    static void stop() throws Exception {
        workbench.close();
    }

    @Test
    void theReportOpensInChromiumWithEveryImageLoadedAndTheWholeConfusionMatrix() throws Throwable {
        Path report = report("tiny");
        assertEquals(models.resolve("tiny.d").resolve("report.html"), report);
        String html = Files.readString(report);
        assertFalse(html.contains("<script"), "the report carries no script");
        assertFalse(Pattern.compile("(src|href)=\"(?!data:|#)").matcher(html).find(), "the report loads nothing from elsewhere");
        assertTrue(html.contains("id=\"loss-chart\"") && html.contains("id=\"accuracy-chart\""), "training curves");
        try (Stream<Path> files = Files.list(report.getParent())) {
            assertEquals(List.of("report.html"), files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")
                    || n.startsWith("report")).toList(), "no temporary file left");
        }

        // The checks run in Chromium on a copy of the report with a script appended.
        Path check = Files.createDirectories(Path.of("target/report-check").toAbsolutePath()).resolve("report.html");
        Files.writeString(check, html.replace("</body>", CHECKS + "</body>"));
        String dom = Chromium.run("--dump-dom", check.toUri().toString());
        Matcher m = Pattern.compile("<pre id=\"checks\">([^<]*)</pre>").matcher(dom);
        assertTrue(m.find(), "the checks did not run; the page Chromium returned:\n" + tail(dom));
        Map<String, String> checks = parse(m.group(1));

        // 3 charts, the diagram and at least a few mistakes, every one decoded by the browser
        assertTrue(Integer.parseInt(checks.get("images")) >= 3 + 1 + 5, checks.toString());
        assertEquals("", checks.get("broken"), "images that did not load: " + checks);
        assertEquals("10", checks.get("rows"), checks.toString());
        assertEquals("10,10,10,10,10,10,10,10,10,10", checks.get("perRow"), checks.toString());
        assertEquals("100", checks.get("cells"), checks.toString());
        assertEquals(String.valueOf(TEST_IMAGES), checks.get("sum"), "every test image counted once: " + checks);
        assertEquals(String.valueOf(TEST_IMAGES), checks.get("declared"), checks.toString());
        assertTrue(Integer.parseInt(checks.get("diagramWidth")) > 600, checks.toString());

        Path screenshot = Files.createDirectories(Path.of("target/screenshots").toAbsolutePath()).resolve("report.png");
        Files.deleteIfExists(screenshot);
        Chromium.run("--screenshot=" + screenshot, "--window-size=1200,3000", report.toUri().toString());
        BufferedImage image = ImageIO.read(screenshot.toFile());
        assertEquals(1200, image.getWidth());
        assertTrue(inkedShare(image) > 0.03, "the screenshot is nearly blank: " + inkedShare(image));
    }

    @Test
    void digitsReportComparedWithTheShippedModelShowsBothSideBySideAndWhereTheyDisagree() throws Throwable {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(models.resolve("default.zip")),
                "the shipped model does not exist yet");
        Path home = home();
        String out = digits(home, "report", "--limit", "1000", "--compare", "default", "tiny");
        Path report = home.resolve("models").resolve("tiny.d").resolve("report.html");
        assertTrue(out.lines().anyMatch(l -> l.strip().equals(report.toString())), out);

        // where they disagree, from the two recognizers' own answers on the same 1000 images
        Selection selection = workbench.service(Selection.class, Duration.ofSeconds(10));
        UiFixtures.await(Duration.ofSeconds(60), () -> selection.recognizers().stream()
                .anyMatch(r -> r.id().equals("cnn:default")), () -> "cnn:default not offered");
        LabelledImages test = UiFixtures.dataset(workbench, "mnist").test().slice(0, 1000);
        List<List<Prediction>> answers = UiFixtures.answers(workbench, List.of("cnn:tiny", "cnn:default"), test);
        int differ = UiFixtures.disagreements(answers).size();
        assertTrue(differ > 0, "a model trained for a minute reads some of 1000 digits otherwise than the shipped one");

        Path check = Files.createDirectories(Path.of("target/report-check").toAbsolutePath()).resolve("compared.html");
        Files.writeString(check, Files.readString(report).replace("</body>", COMPARISON_CHECKS + "</body>"));
        String dom = Chromium.run("--dump-dom", check.toUri().toString());
        Matcher m = Pattern.compile("<pre id=\"checks\">([^<]*)</pre>").matcher(dom);
        assertTrue(m.find(), "the checks did not run; the page Chromium returned:\n" + tail(dom));
        Map<String, String> checks = parse(m.group(1));
        assertEquals("", checks.get("broken"), "images that did not load: " + checks);
        assertEquals("tiny,default", checks.get("columns"), checks.toString());
        assertEquals(String.valueOf(differ), checks.get("declared"), "the images they disagree on: " + checks);
        assertEquals(String.valueOf(Math.min(differ, 48)), checks.get("figures"), checks.toString());
        assertEquals("0", checks.get("agreeing"), "a figure whose two answers are the same: " + checks);
        assertEquals("1", checks.get("chart"), checks.toString());
        // each mistake with its answer's and its runner-up's saliency map
        assertTrue(Integer.parseInt(checks.get("mistakes")) >= 5, checks.toString());
        assertEquals(checks.get("mistakes"), checks.get("answerMaps"), checks.toString());
        assertEquals(checks.get("mistakes"), checks.get("runnerUpMaps"), checks.toString());

        Path screenshot = Files.createDirectories(Path.of("target/screenshots").toAbsolutePath()).resolve("report-compared.png");
        Files.deleteIfExists(screenshot);
        Chromium.run("--screenshot=" + screenshot, "--window-size=1200,6000", report.toUri().toString());
        assertTrue(Files.size(screenshot) > 0);
    }

    @Test
    void aCorruptOrForeignModelIsRefusedWithItsReasonAndNothingIsWritten() throws Exception {
        Files.write(models.resolve("garbage.zip"), "this is not a zip at all".getBytes(StandardCharsets.UTF_8));
        Files.writeString(models.resolve("garbage.json"), metadata("garbage"));
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(models.resolve("foreign.zip")))) {
            zip.putNextEntry(new ZipEntry("notes.txt"));
            zip.write("a zip, but no network in it".getBytes(StandardCharsets.UTF_8));
        }
        Files.writeString(models.resolve("foreign.json"), metadata("foreign"));
        TreeSet<String> before = listing(models);

        ModelException garbage = assertThrows(ModelException.class, () -> report("garbage"));
        assertTrue(garbage.getMessage().contains("garbage.zip is not a model file"), garbage.getMessage());
        ModelException foreign = assertThrows(ModelException.class, () -> report("foreign"));
        assertTrue(foreign.getMessage().contains("foreign.zip is not a DL4J model"), foreign.getMessage());
        ModelException missing = assertThrows(ModelException.class, () -> report("missing"));
        assertTrue(missing.getMessage().contains("no model 'missing'"), missing.getMessage());
        ModelException escape = assertThrows(ModelException.class, () -> report("../tiny"));
        assertTrue(escape.getMessage().contains("not a valid model name"), escape.getMessage());

        assertEquals(before, listing(models), "nothing written");
    }

    @Test
    void digitsReportPrintsThePathOfTheReport() throws Exception {
        Path home = home();
        Files.deleteIfExists(models.resolve("tiny.d").resolve("report.html"));
        String out = digits(home, "report", "--limit", "1000", "tiny");
        Path expected = home.resolve("models").resolve("tiny.d").resolve("report.html");
        assertTrue(out.lines().anyMatch(l -> l.strip().equals(expected.toString())), out);
        String html = Files.readString(expected);
        assertTrue(html.contains("data-images=\"1000\"") && html.contains("first 1000 test images"), "limited evaluation");
    }

    @Test
    void digitsReportOnACorruptModelSaysSoAndWritesNothing() throws Exception {
        Path home = home();
        Files.write(models.resolve("broken.zip"), new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0});
        Files.writeString(models.resolve("broken.json"), metadata("broken"));
        TreeSet<String> before = listing(models);

        Process p = start(home, "report", "broken");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "did not exit: " + out);
        assertNotEquals(0, p.exitValue(), out);
        assertTrue(out.contains("digits: report: cannot report on 'broken': broken.zip is not a model file"), out);
        assertEquals(before, listing(models), "nothing written");
    }

    // --- helpers ---------------------------------------------------------------------------

    /** The report service's {@code report(name)}. Reflection: the report package is the bundle's, not the test's. */
    static Path report(String model) throws Exception {
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(workbench.context(),
                workbench.context().createFilter("(objectClass=digits.report.ReportWriter)"), null);
        tracker.open(true);
        try {
            Object writer = tracker.waitForService(Duration.ofSeconds(60).toMillis());
            assertTrue(writer != null, "no ReportWriter service; bundles: " + workbench.bundleStates());
            return (Path) writer.getClass().getMethod("report", String.class).invoke(writer, model);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        } finally {
            tracker.close();
        }
    }

    /**
     * A workbench folder of its own for {@code ./digits --home}: the built runtime by links, and
     * this test's models. Its framework cache is its own too, so the launch cannot disturb a
     * workbench running from the repository meanwhile.
     */
    static Path home() throws IOException {
        Path home = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "home-");
        Path real = TestWorkbench.home();
        Files.createDirectories(home.resolve("runtime/target"));
        Files.createDirectories(home.resolve("runtime/plugins"));
        Files.createSymbolicLink(home.resolve("features"), real.resolve("features"));
        Files.createSymbolicLink(home.resolve("runtime/conf"), real.resolve("runtime/conf"));
        Files.createSymbolicLink(home.resolve("runtime/target/repository"), real.resolve("runtime/target/repository"));
        Files.createSymbolicLink(home.resolve("runtime/target/framework.classpath"),
                real.resolve("runtime/target/framework.classpath"));
        Files.createSymbolicLink(home.resolve("models"), models);
        return home;
    }

    static Process start(Path home, String... command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("./digits", "--home", home.toString()));
        cmd.addAll(Arrays.asList(command));
        Process p = new ProcessBuilder(cmd).directory(TestWorkbench.home().toFile()).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            // no input
        }
        return p;
    }

    static String digits(Path home, String... command) throws Exception {
        Process p = start(home, command);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "did not exit: " + out);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    static String metadata(String name) {
        return "{\"name\": \"" + name + "\", \"architecture\": \"reference\", \"datasetId\": \"mnist\", "
                + "\"epochs\": 1, \"batchSize\": 32, \"testAccuracy\": \"NaN\", \"testTop3\": \"NaN\", "
                + "\"created\": \"2026-11-26T12:00:00Z\"}";
    }

    /** Every file and folder under a folder, relative to it. */
    static TreeSet<String> listing(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.map(p -> dir.relativize(p).toString()).collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }

    static Map<String, String> parse(String checks) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String pair : checks.split(";")) {
            int eq = pair.indexOf('=');
            out.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return out;
    }

    static double inkedShare(BufferedImage image) {
        long inked = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                if (rgb != 0xffffff) {
                    inked++;
                }
            }
        }
        return inked / (image.getWidth() / 2.0 * image.getHeight() / 2.0);
    }

    static String tail(String s) {
        return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
    }

    /** Runs in the page after every image has loaded or failed, and writes what it found into it. */
    static final String CHECKS = """
            <script>
            window.addEventListener('load', function () {
              var images = Array.prototype.slice.call(document.images);
              var broken = images.filter(function (i) { return !(i.complete && i.naturalWidth > 0); })
                                 .map(function (i) { return i.id || i.alt || 'img'; });
              var table = document.getElementById('confusion');
              var rows = table ? Array.prototype.slice.call(table.tBodies[0].rows) : [];
              var cells = table ? table.querySelectorAll('td[data-count]') : [];
              var sum = 0;
              for (var k = 0; k < cells.length; k++) { sum += parseInt(cells[k].getAttribute('data-count'), 10); }
              var perRow = rows.map(function (r) { return r.querySelectorAll('td[data-count]').length; });
              var diagram = document.getElementById('diagram');
              var pre = document.createElement('pre');
              pre.id = 'checks';
              pre.textContent = 'images=' + images.length + ';broken=' + broken.join(',') + ';rows=' + rows.length
                  + ';perRow=' + perRow.join(',') + ';cells=' + cells.length + ';sum=' + sum
                  + ';declared=' + (table ? table.getAttribute('data-images') : '-')
                  + ';diagramWidth=' + (diagram ? diagram.naturalWidth : 0);
              document.body.appendChild(pre);
            });
            </script>
            """;

    /** The comparison section and the mistakes' maps, as the browser finds them. */
    static final String COMPARISON_CHECKS = """
            <script>
            window.addEventListener('load', function () {
              var images = Array.prototype.slice.call(document.images);
              var broken = images.filter(function (i) { return !(i.complete && i.naturalWidth > 0); })
                                 .map(function (i) { return i.id || i.alt || 'img'; });
              var heads = Array.prototype.slice.call(document.querySelectorAll('#comparison-metrics thead th[scope=col]'))
                                 .map(function (t) { return t.textContent; });
              var figures = Array.prototype.slice.call(document.querySelectorAll('#disagreements figure'));
              var agreeing = figures.filter(function (f) {
                var a = f.getAttribute('data-answers').split(',');
                return a.every(function (x) { return x === a[0]; });
              }).length;
              var count = document.getElementById('disagreement-count');
              var chart = document.getElementById('comparison-chart');
              var pre = document.createElement('pre');
              pre.id = 'checks';
              pre.textContent = 'broken=' + broken.join(',') + ';columns=' + heads.join(',')
                  + ';declared=' + (count ? count.getAttribute('data-disagreements') : '-')
                  + ';figures=' + figures.length + ';agreeing=' + agreeing
                  + ';chart=' + (chart && chart.naturalWidth > 0 ? 1 : 0)
                  + ';mistakes=' + document.querySelectorAll('#mistakes figure').length
                  + ';answerMaps=' + document.querySelectorAll('#mistakes img.saliency.answer').length
                  + ';runnerUpMaps=' + document.querySelectorAll('#mistakes img.saliency.runner-up').length;
              document.body.appendChild(pre);
            });
            </script>
            """;

    /** Headless Chromium from the command line. */
    static final class Chromium {

        static String run(String... args) throws Exception {
            String binary = Stream.of("chromium", "chromium-browser", "google-chrome")
                    .filter(Chromium::onPath).findFirst()
                    .orElseThrow(() -> new AssertionError("no Chromium on the PATH; install it: apt-get install chromium"));
            Path profile = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "chromium-");
            List<String> cmd = new ArrayList<>(List.of(binary, "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
                    "--disable-extensions", "--no-first-run", "--no-default-browser-check", "--hide-scrollbars",
                    "--user-data-dir=" + profile, "--virtual-time-budget=10000"));
            cmd.addAll(Arrays.asList(args));
            Path log = profile.resolve("chromium.log");
            Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("Chromium did not finish: " + cmd);
            }
            assertEquals(0, p.exitValue(), "Chromium failed: " + cmd + "\n" + Files.readString(log));
            return out;
        }

        private static boolean onPath(String name) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(java.io.File.pathSeparator)) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    return true;
                }
            }
            return false;
        }
    }
}
