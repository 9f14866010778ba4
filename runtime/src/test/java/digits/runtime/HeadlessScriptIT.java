package digits.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code ./digits} as a user runs it, from the repository root. */
class HeadlessScriptIT {

    static String run(String stdin, String... args) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>();
        cmd.add("./digits");
        cmd.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(cmd).directory(TestWorkbench.home().toFile()).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), "did not exit: " + out);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void scriptedGogoInputListsBundlesAndBackendThenShutsDownCleanly() throws Exception {
        String out = run("lb\ndigits:backend\nstop 0\n", "--headless");
        assertTrue(out.contains("digits.engine") || out.contains("Digit Workbench engine"), out);
        assertTrue(out.matches("(?s).*\\|Active\\s*\\|.*Digit Workbench engine.*"), out);
        assertTrue(out.contains("backend: CPU on"), out);
    }

    @Test
    void aCommandOnTheCommandLineRunsAndExits() throws Exception {
        String out = run("", "backend");
        assertTrue(out.contains("backend: CPU on"), out);
    }

    @Test
    void withGpuOnAMachineWithoutOneItStartsOnTheCpuAndSaysWhy() throws Exception {
        String out = run("", "--gpu", "backend");
        assertTrue(out.contains("backend: CPU on"), out);
        // this machine has no NVIDIA driver: neither GPU path can start, and the reason is shown
        assertTrue(out.contains("GPU not used: no NVIDIA driver"), out);
    }

    @Test
    void fetchFromANamedFolderSaysWhichSourceItUsed() throws Exception {
        // the cache holds the four IDX files once the data tests have run; name it as the user's folder
        java.nio.file.Path cache = java.nio.file.Path.of(System.getProperty("user.home"),
                ".cache/digit-workbench/datasets/mnist");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(cache), "MNIST not provisioned");
        java.nio.file.Path folder = java.nio.file.Files.createDirectories(java.nio.file.Path.of("target/mnist-folder"))
                .toAbsolutePath();
        for (String f : new String[] {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                "t10k-labels-idx1-ubyte"}) {
            java.nio.file.Files.copy(cache.resolve(f), folder.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        String out = run("", "--data", folder.toString(), "fetch", "mnist");
        assertTrue(out.contains(folder.toString()) && out.contains("60000 training images"), out);
    }

    @Test
    void helpExplainsTheOptions() throws Exception {
        String out = run("", "--help");
        assertTrue(out.contains("--headless") && out.contains("--gpu"), out);
    }
}
