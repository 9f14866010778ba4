package digits.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import digits.api.DatasetProvider;
import digits.api.GrayImage;
import digits.runtime.window.WorkbenchWindow;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.osgi.framework.ServiceReference;

/** What the UI integration tests share: the shipped model, screenshots, waiting, and strokes to draw. */
final class UiFixtures {

    /** Where the shipped model lies; {@code -Ddigits.test.models=DIR} points elsewhere (for development). */
    static final Path SHIPPED = Path.of(System.getProperty("digits.test.models",
            TestWorkbench.home().resolve("models").toString()));
    static final Path SCREENSHOTS = Path.of("target/screenshots");

    private UiFixtures() {
    }

    /**
     * A temporary models folder holding a copy of the shipped model ({@code default.zip} and its
     * metadata), so a test can neither change nor depend on the user's models. Skips the test
     * while the shipped model does not exist yet; once it exists the test runs.
     */
    static Path modelsWithShippedModel() throws IOException {
        assumeTrue(Files.isRegularFile(SHIPPED.resolve("default.zip")),
                "the shipped model " + SHIPPED.resolve("default.zip") + " does not exist yet");
        Path models = Files.createTempDirectory(Path.of("target"), "models-");
        try (DirectoryStream<Path> files = Files.newDirectoryStream(SHIPPED, "default.*")) {
            for (Path f : files) {
                if (Files.isRegularFile(f)) {
                    Files.copy(f, models.resolve(f.getFileName()));
                }
            }
        }
        return models;
    }

    static WorkbenchWindow window(TestWorkbench workbench) throws InterruptedException {
        return workbench.service(WorkbenchWindow.class, Duration.ofSeconds(90));
    }

    static Path screenshot(WorkbenchWindow window, String name) throws Exception {
        Path png = Files.createDirectories(SCREENSHOTS).resolve(name + ".png");
        window.screenshot(png);
        return png;
    }

    /** Polls until the condition holds; fails with the message after the timeout. */
    static void await(Duration timeout, BooleanSupplier condition, Supplier<String> message) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, () -> "after " + timeout + ": " + message.get());
            Thread.sleep(50);
        }
    }

    /** Each recognizer's answers to the images, in order: what a comparison is checked against. */
    static List<List<digits.api.Prediction>> answers(TestWorkbench workbench, List<String> recognizerIds,
            digits.api.LabelledImages images) throws Exception {
        digits.api.Selection selection = workbench.service(digits.api.Selection.class, Duration.ofSeconds(10));
        List<GrayImage> inputs = new ArrayList<>();
        for (int i = 0; i < images.count(); i++) {
            inputs.add(images.image(i));
        }
        List<List<digits.api.Prediction>> answers = new ArrayList<>();
        for (String id : recognizerIds) {
            answers.add(selection.recognizers().stream().filter(r -> r.id().equals(id)).findFirst()
                    .orElseThrow(() -> new AssertionError(id + " is not offered")).recognizeAll(inputs));
        }
        return answers;
    }

    /** The indices of the images on which the first two recognizers' answers differ. */
    static List<Integer> disagreements(List<List<digits.api.Prediction>> answers) {
        List<Integer> differ = new ArrayList<>();
        for (int i = 0; i < answers.get(0).size(); i++) {
            if (answers.get(0).get(i).best().label() != answers.get(1).get(i).best().label()) {
                differ.add(i);
            }
        }
        return differ;
    }

    static DatasetProvider dataset(TestWorkbench workbench, String id) throws Exception {
        workbench.service(DatasetProvider.class, Duration.ofSeconds(30));
        for (ServiceReference<DatasetProvider> ref : workbench.context().getServiceReferences(DatasetProvider.class, null)) {
            DatasetProvider d = workbench.context().getService(ref);
            if (d != null && d.id().equals(id)) {
                return d;
            }
        }
        throw new AssertionError("no dataset " + id);
    }

    // ---- strokes on the 280x280 reference canvas ----

    static List<int[]> line(int x0, int y0, int x1, int y1) {
        List<int[]> out = new ArrayList<>();
        int steps = Math.max(1, (int) Math.ceil(Math.hypot(x1 - x0, y1 - y0) / 6));
        for (int i = 0; i <= steps; i++) {
            out.add(new int[] {x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps});
        }
        return out;
    }

    static List<int[]> polyline(int... xy) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i + 3 < xy.length; i += 2) {
            List<int[]> segment = line(xy[i], xy[i + 1], xy[i + 2], xy[i + 3]);
            out.addAll(out.isEmpty() ? segment : segment.subList(1, segment.size()));
        }
        return out;
    }

    /** An arc of a circle, angles in degrees clockwise from three o'clock (y points down). */
    static List<int[]> arc(int cx, int cy, int r, int fromDegrees, int toDegrees) {
        List<int[]> out = new ArrayList<>();
        int steps = Math.max(2, Math.abs(toDegrees - fromDegrees) / 8);
        for (int i = 0; i <= steps; i++) {
            double a = Math.toRadians(fromDegrees + (toDegrees - fromDegrees) * i / (double) steps);
            out.add(new int[] {(int) Math.round(cx + r * Math.cos(a)), (int) Math.round(cy + r * Math.sin(a))});
        }
        return out;
    }

    /** Strokes joined into one, as drawn without lifting the pen. */
    @SafeVarargs
    static List<int[]> joined(List<int[]>... parts) {
        List<int[]> out = new ArrayList<>();
        for (List<int[]> p : parts) {
            out.addAll(out.isEmpty() ? p : p.subList(1, p.size()));
        }
        return out;
    }

    static List<int[]> ellipse(int cx, int cy, int rx, int ry) {
        List<int[]> out = new ArrayList<>();
        int steps = 48;
        for (int i = 0; i <= steps; i++) {
            double a = -Math.PI / 2 + 2 * Math.PI * i / steps;
            out.add(new int[] {(int) Math.round(cx + rx * Math.cos(a)), (int) Math.round(cy + ry * Math.sin(a))});
        }
        return out;
    }

    /**
     * The pen strokes that would draw a 28x28 digit on the 280x280 canvas: the ink is thinned to
     * a one-pixel skeleton (Zhang and Suen's method), the skeleton is walked into paths starting
     * from line ends, and each path is scaled by ten. The canvas's brush then gives the strokes
     * back a width, as a hand drawing the digit would.
     */
    static List<List<int[]>> trace(GrayImage digit) {
        int w = digit.width();
        int h = digit.height();
        boolean[] on = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                on[y * w + x] = digit.at(x, y) >= 0.5f;
            }
        }
        thin(on, w, h);
        boolean[] visited = new boolean[w * h];
        List<List<int[]>> strokes = new ArrayList<>();
        while (true) {
            int start = -1;
            // line ends first, so that each path runs from one end to the other
            for (int i = 0; i < on.length && start < 0; i++) {
                if (on[i] && !visited[i] && unvisitedNeighbours(on, visited, w, h, i) <= 1) {
                    start = i;
                }
            }
            for (int i = 0; i < on.length && start < 0; i++) {
                if (on[i] && !visited[i]) {
                    start = i;
                }
            }
            if (start < 0) {
                break;
            }
            List<int[]> path = new ArrayList<>();
            int at = start;
            while (at >= 0) {
                visited[at] = true;
                path.add(new int[] {(at % w) * 10 + 5, (at / w) * 10 + 5});
                at = next(on, visited, w, h, at);
            }
            if (path.size() >= 2) {
                strokes.add(smooth(path));
            }
        }
        return strokes;
    }

    /** A pixel path's staircase rounded off, as a hand would draw it: each inner point averaged with its neighbours. */
    private static List<int[]> smooth(List<int[]> path) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < path.size(); i++) {
            int[] a = path.get(Math.max(0, i - 1));
            int[] b = path.get(i);
            int[] c = path.get(Math.min(path.size() - 1, i + 1));
            out.add(new int[] {(a[0] + 2 * b[0] + c[0]) / 4, (a[1] + 2 * b[1] + c[1]) / 4});
        }
        return out;
    }

    private static final int[][] NEIGHBOURS = {{0, -1}, {1, 0}, {0, 1}, {-1, 0}, {1, -1}, {1, 1}, {-1, 1}, {-1, -1}};

    private static int next(boolean[] on, boolean[] visited, int w, int h, int i) {
        int x = i % w;
        int y = i / w;
        for (int[] d : NEIGHBOURS) { // the four straight neighbours before the diagonals
            int nx = x + d[0];
            int ny = y + d[1];
            if (nx >= 0 && ny >= 0 && nx < w && ny < h && on[ny * w + nx] && !visited[ny * w + nx]) {
                return ny * w + nx;
            }
        }
        return -1;
    }

    private static int unvisitedNeighbours(boolean[] on, boolean[] visited, int w, int h, int i) {
        int x = i % w;
        int y = i / w;
        int n = 0;
        for (int[] d : NEIGHBOURS) {
            int nx = x + d[0];
            int ny = y + d[1];
            if (nx >= 0 && ny >= 0 && nx < w && ny < h && on[ny * w + nx] && !visited[ny * w + nx]) {
                n++;
            }
        }
        return n;
    }

    /** Zhang-Suen thinning, in place. */
    private static void thin(boolean[] on, int w, int h) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int pass = 0; pass < 2; pass++) {
                List<Integer> remove = new ArrayList<>();
                for (int y = 1; y < h - 1; y++) {
                    for (int x = 1; x < w - 1; x++) {
                        if (!on[y * w + x]) {
                            continue;
                        }
                        // p2..p9 clockwise from north
                        boolean[] p = {on[(y - 1) * w + x], on[(y - 1) * w + x + 1], on[y * w + x + 1],
                            on[(y + 1) * w + x + 1], on[(y + 1) * w + x], on[(y + 1) * w + x - 1], on[y * w + x - 1],
                            on[(y - 1) * w + x - 1]};
                        int b = 0;
                        int a = 0;
                        for (int k = 0; k < 8; k++) {
                            b += p[k] ? 1 : 0;
                            a += !p[k] && p[(k + 1) % 8] ? 1 : 0;
                        }
                        boolean c = pass == 0 ? !(p[0] && p[2] && p[4]) && !(p[2] && p[4] && p[6])
                                : !(p[0] && p[2] && p[6]) && !(p[0] && p[4] && p[6]);
                        if (b >= 2 && b <= 6 && a == 1 && c) {
                            remove.add(y * w + x);
                        }
                    }
                }
                for (int i : remove) {
                    on[i] = false;
                }
                changed |= !remove.isEmpty();
            }
        }
    }
}
