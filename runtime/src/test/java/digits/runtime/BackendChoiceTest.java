package digits.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each reason the launcher falls back to the CPU, with a stand-in for the driver's device query. */
class BackendChoiceTest {

    @TempDir
    Path dir;

    static final BackendChoice.CudaBuild RELEASED = new BackendChoice.CudaBuild(
            List.of(Path.of("nd4j-cuda-11.6.jar")), List.of(), BackendChoice.RELEASED_CUDA_CAPABILITIES, false);

    @AfterEach
    void clear() {
        System.clearProperty("digits.gpu.query");
        System.clearProperty("digits.cuda.libraryPath");
    }

    /** A script that prints what nvidia-smi would. */
    String standIn(String output) throws Exception {
        Path script = dir.resolve("nvidia-smi");
        Files.writeString(script, "#!/bin/sh\nprintf '" + output + "'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script.toString();
    }

    @Test
    void withoutGpuRequestTheCpuIsUsedSilently() {
        BackendChoice c = BackendChoice.choose(false, new Properties(), RELEASED);
        assertEquals("digits-cpu", c.feature());
        assertEquals(List.of(), c.notes());
    }

    @Test
    void noDriverFallsBackAndSaysSo() {
        System.setProperty("digits.gpu.query", dir.resolve("no-such-nvidia-smi") + " --query-gpu=x");
        BackendChoice c = BackendChoice.choose(true, new Properties(), RELEASED);
        assertEquals("digits-cpu", c.feature());
        assertTrue(c.notes().get(0).contains("no NVIDIA driver"), c.notes().toString());
    }

    @Test
    void aDriverWithoutDevicesFallsBack() throws Exception {
        System.setProperty("digits.gpu.query", standIn(""));
        BackendChoice c = BackendChoice.choose(true, new Properties(), RELEASED);
        assertEquals("digits-cpu", c.feature());
        assertTrue(c.notes().get(0).contains("reports no GPU"), c.notes().toString());
    }

    @Test
    void aHopperGpuIsRefusedNamingItsCapabilityAndTheBuilds() throws Exception {
        System.setProperty("digits.gpu.query", standIn("NVIDIA H100 80GB HBM3, 9.0, 81559 MiB, 550.54.15\\n"));
        BackendChoice c = BackendChoice.choose(true, new Properties(), RELEASED);
        assertEquals("digits-cpu", c.feature());
        String note = c.notes().get(0);
        assertTrue(note.contains("NVIDIA H100 80GB HBM3") && note.contains("compute capability 9.0")
                && note.contains("3.7, 5.0, 5.2, 6.0, 6.1, 7.0, 7.5, 8.0, 8.6"), note);
    }

    @Test
    void aSupportedGpuWithoutCudaLibrariesFallsBackNamingThem() throws Exception {
        System.setProperty("digits.gpu.query", standIn("Tesla T4, 7.5, 15360 MiB, 535.104.05\\n"));
        System.setProperty("digits.cuda.libraryPath", dir.toString());
        BackendChoice c = BackendChoice.choose(true, new Properties(), RELEASED);
        assertEquals("digits-cpu", c.feature());
        String note = c.notes().get(0);
        assertTrue(note.contains("libcudart.so.11.0") && note.contains("libcublas.so.11")
                && note.contains("libcusolver.so.11"), note);
    }

    @Test
    void aSupportedGpuWithLibrariesButNoBuiltBackendFallsBack() throws Exception {
        System.setProperty("digits.gpu.query", standIn("Tesla T4, 7.5, 15360 MiB, 535.104.05\\n"));
        for (String lib : BackendChoice.CUDA_LIBRARIES) {
            Files.createFile(dir.resolve(lib));
        }
        System.setProperty("digits.cuda.libraryPath", dir.toString());
        BackendChoice.CudaBuild notBuilt = new BackendChoice.CudaBuild(List.of(), List.of("org.nd4j:nd4j-cuda-11.6:1.0.0-M2.1"),
                BackendChoice.RELEASED_CUDA_CAPABILITIES, false);
        BackendChoice c = BackendChoice.choose(true, new Properties(), notBuilt);
        assertEquals("digits-cpu", c.feature());
        assertTrue(c.notes().get(0).contains("mvn -Pcuda install"), c.notes().toString());
        // and with the backend present, the GPU is used
        BackendChoice ok = BackendChoice.choose(true, new Properties(), RELEASED);
        assertEquals("digits-cuda", ok.feature(), ok.notes().toString());
        assertTrue(ok.notes().get(0).contains("Tesla T4"));
    }

    @Test
    void anotherBuildBringsItsOwnCapabilities() throws Exception {
        System.setProperty("digits.gpu.query", standIn("NVIDIA H100 80GB HBM3, 9.0, 81559 MiB, 550.54.15\\n"));
        BackendChoice.CudaBuild hopper = new BackendChoice.CudaBuild(List.of(Path.of("nd4j-cuda-12.jar")), List.of(),
                List.of("8.0", "9.0"), true);
        BackendChoice c = BackendChoice.choose(true, new Properties(), hopper);
        assertEquals("digits-cuda", c.feature(), c.notes().toString());
    }
}
