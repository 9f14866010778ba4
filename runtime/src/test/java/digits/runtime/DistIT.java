package digits.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.GrayImage;
import digits.preprocess.Images;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The release ({@code ./digits dist}): the archive unpacked into an empty folder runs with no Java
 * on the PATH, for a user whose home holds nothing of ours yet; the .deb installs, runs and leaves
 * nothing behind when removed. In CI (root, CI=true) the .deb goes into the real system with
 * {@code dpkg -i}; elsewhere into a private dpkg root, so a developer's machine is left alone.
 */
class DistIT {

    static final Path WORK = Path.of("target/dist-it").toAbsolutePath();
    static final Path DIST = TestWorkbench.home().resolve("target/dist");
    static final String VERSION = "0.1.0";
    /** Only what the launcher script itself needs: bash and three coreutils. No java anywhere. */
    static final Path PATH_WITHOUT_JAVA = WORK.resolve("path");
    static Path png;

    @BeforeAll
    static void build() throws Exception {
        deleteTree(WORK);
        Files.createDirectories(PATH_WITHOUT_JAVA);
        for (String tool : List.of("bash", "env", "readlink", "dirname", "grep")) {
            Path real = Path.of("/usr/bin", tool);
            Files.createSymbolicLink(PATH_WITHOUT_JAVA.resolve(tool), Files.exists(real) ? real : Path.of("/bin", tool));
        }
        long start = System.nanoTime();
        String java = Path.of(System.getProperty("java.home")).toString();
        Result dist = run(TestWorkbench.home(), Map.of("JAVA_HOME", java, "DIGITS_NO_BUILD", "1"), 900,
                TestWorkbench.home().resolve("runtime/dist/dist.sh").toString());
        assertEquals(0, dist.code(), dist.out());
        System.out.printf("dist built in %.0f s%n", (System.nanoTime() - start) / 1e9);
        png = WORK.resolve("seven.png");
        byte[] images = CommandLineIT.mnistTest()[0];
        float[] pixels = new float[784];
        for (int k = 0; k < 784; k++) {
            pixels[k] = (images[16 + k] & 0xff) / 255f; // MNIST test image 0, a seven
        }
        ImageIO.write(Images.toBufferedImage(new GrayImage(28, 28, pixels)), "png", png.toFile());
    }

    record Result(int code, String out) {}

    static Result run(Path dir, Map<String, String> env, int seconds, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        Path out = Files.createTempFile("dist", ".out");
        Process p = pb.redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), "did not exit: " + List.of(cmd) + "\n" + Files.readString(out));
        Result r = new Result(p.exitValue(), Files.readString(out));
        Files.delete(out);
        return r;
    }

    /** A user who never ran the workbench, with no Java on the PATH and no JAVA_HOME. */
    static Map<String, String> freshUser(Path home) throws Exception {
        Files.createDirectories(home);
        return Map.of("PATH", PATH_WITHOUT_JAVA.toString(), "HOME", home.toString(), "JAVA_HOME", "");
    }

    @Test
    void theArchiveUnpackedIntoAnEmptyFolderRunsReadOnlyWithNoJavaOnThePath() throws Exception {
        Path archive = DIST.resolve("digit-workbench-" + VERSION + "-linux-x86_64.tar.gz");
        System.out.printf("archive: %.0f MB%n", Files.size(archive) / 1e6);
        Path empty = Files.createDirectories(WORK.resolve("unpacked"));
        assertEquals(0, run(empty, Map.of(), 300, "tar", "-xzf", archive.toString()).code());
        Path app = empty.resolve("digit-workbench-" + VERSION);
        assertEquals(0, run(app, Map.of(), 60, "chmod", "-R", "a-w", ".").code()); // it must write nothing there
        Path home = WORK.resolve("home-archive");
        Map<String, String> env = freshUser(home);
        assertFalse(Files.exists(PATH_WITHOUT_JAVA.resolve("java")));

        long start = System.nanoTime();
        Result backend = run(WORK, env, 300, app.resolve("bin/digits").toString(), "backend");
        double first = (System.nanoTime() - start) / 1e9;
        assertEquals(0, backend.code(), backend.out());
        assertTrue(backend.out().startsWith("backend: CPU on"), backend.out());
        start = System.nanoTime();
        Result predict = run(WORK, env, 300, app.resolve("bin/digits").toString(), "predict", "seven.png");
        double second = (System.nanoTime() - start) / 1e9;
        assertEquals(0, predict.code(), predict.out());
        assertTrue(predict.out().startsWith("seven.png: 7 ("), predict.out());
        System.out.printf("archive: first start (backend) %.1f s, then predict %.1f s%n", first, second);

        Result version = run(WORK, env, 120, app.resolve("bin/digits").toString(), "--version");
        assertTrue(version.out().contains("Java 25") && version.out().contains(app.resolve("lib/runtime").toString()),
                version.out());
        // What it made went to the usual places in the user's home.
        assertTrue(Files.isDirectory(home.resolve(".local/share/digit-workbench/models")));
        assertTrue(Files.isRegularFile(home.resolve(".local/state/digit-workbench/digits.log")));
        assertTrue(Files.isDirectory(home.resolve(".cache/digit-workbench/javacpp")));
        Result models = run(WORK, env, 120, app.resolve("bin/digits").toString(), "models");
        assertTrue(models.out().startsWith("default "), models.out()); // the shipped model, read-only
        run(app, Map.of(), 60, "chmod", "-R", "u+w", ".");
    }

    @Test
    void theDebInstallsRunsAndUninstallsLeavingNothing() throws Exception {
        Path deb = DIST.resolve("digit-workbench_" + VERSION + "_amd64.deb");
        System.out.printf("deb: %.0f MB%n", Files.size(deb) / 1e6);
        boolean system = "true".equals(System.getenv("CI")) && "root".equals(System.getProperty("user.name"));
        Path root = system ? Path.of("/") : WORK.resolve("dpkg-root");
        List<String> dpkg = new ArrayList<>(List.of("dpkg"));
        if (!system) {
            Files.createDirectories(root.resolve("var/lib/dpkg/info"));
            Files.createDirectories(root.resolve("var/lib/dpkg/updates"));
            Files.writeString(root.resolve("var/lib/dpkg/status"), "");
            dpkg.addAll(List.of("--root=" + root, "--force-not-root", "--log=/dev/null"));
        }
        Result install = run(WORK, Map.of(), 300, concat(dpkg, "-i", deb.toString()));
        assertEquals(0, install.code(), install.out());
        for (String f : List.of("usr/share/applications/digit-workbench.desktop",
                "usr/share/icons/hicolor/scalable/apps/digit-workbench.svg",
                "usr/share/bash-completion/completions/digits", "opt/digit-workbench/lib/runtime/bin/java")) {
            assertTrue(Files.exists(root.resolve(f)), f);
        }
        assertTrue(Files.readString(root.resolve("usr/share/applications/digit-workbench.desktop")).contains("\nExec=digits\n"));

        Result backend = run(WORK, freshUser(WORK.resolve("home-deb")), 300, root.resolve("usr/bin/digits").toString(), "backend");
        assertEquals(0, backend.code(), backend.out());
        assertTrue(backend.out().startsWith("backend: CPU on"), backend.out());

        Result remove = run(WORK, Map.of(), 300, concat(dpkg, "-r", "digit-workbench"));
        assertEquals(0, remove.code(), remove.out());
        assertFalse(Files.exists(root.resolve("opt/digit-workbench")), "left behind: /opt/digit-workbench");
        assertFalse(Files.exists(root.resolve("usr/bin/digits"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(root.resolve("usr/share/applications/digit-workbench.desktop")));
    }

    static String[] concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all.toArray(String[]::new);
    }

    static void deleteTree(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        new ProcessBuilder("chmod", "-R", "u+w", dir.toString()).start().waitFor();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
