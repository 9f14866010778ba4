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
    static final BackendChoice.CudnnEngine CUDNN = new BackendChoice.CudnnEngine(true, 25, null);
    static final BackendChoice.CudnnEngine NO_CUDNN = new BackendChoice.CudnnEngine(false, 25, null);

    static BackendChoice choose(boolean gpu, BackendChoice.CudaBuild build, BackendChoice.CudnnEngine engine) {
        return BackendChoice.choose(gpu, new Properties(), build, engine);
    }

    /** Empty files with the libraries' names: finding them is all the launcher does before choosing. */
    static Path libraries(Path dir, List<String> names) throws Exception {
        Files.createDirectories(dir);
        for (String lib : names) {
            Files.createFile(dir.resolve(lib));
        }
        return dir;
    }

    /** CUDA 11 libraries (ND4J's build) beside CUDA 12 or 13 and cuDNN 9 (the cuDNN engine's), in one folder. */
    void bothGenerations(int cuda) throws Exception {
        java.util.List<String> all = new java.util.ArrayList<>(BackendChoice.CUDA_LIBRARIES);
        all.addAll(CudaLibraries.required(cuda));
        System.setProperty("digits.cuda.libraryPath", libraries(dir.resolve("libs"), all).toString());
    }

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
        BackendChoice c = choose(false, RELEASED, CUDNN);
        assertEquals("digits-cpu", c.feature());
        assertEquals(List.of(), c.notes());
    }

    @Test
    void noDriverFallsBackAndSaysSo() {
        System.setProperty("digits.gpu.query", dir.resolve("no-such-nvidia-smi") + " --query-gpu=x");
        BackendChoice c = choose(true, RELEASED, NO_CUDNN);
        assertEquals("digits-cpu", c.feature());
        assertTrue(c.notes().get(0).startsWith("GPU not used: no NVIDIA driver"), c.notes().toString());
    }

    @Test
    void aDriverWithoutDevicesFallsBack() throws Exception {
        System.setProperty("digits.gpu.query", standIn(""));
        BackendChoice c = choose(true, RELEASED, NO_CUDNN);
        assertEquals("digits-cpu", c.feature());
        assertTrue(c.notes().get(0).contains("reports no GPU"), c.notes().toString());
    }

    @Test
    void aHopperGpuIsRefusedNamingItsCapabilityAndTheBuilds() throws Exception {
        System.setProperty("digits.gpu.query", standIn("NVIDIA H100 80GB HBM3, 9.0, 81559 MiB, 550.54.15\\n"));
        BackendChoice c = choose(true, RELEASED, NO_CUDNN);
        assertEquals("digits-cpu", c.feature());
        String note = String.join("; ", c.notes());
        assertTrue(note.contains("NVIDIA H100 80GB HBM3") && note.contains("compute capability 9.0")
                && note.contains("3.7, 5.0, 5.2, 6.0, 6.1, 7.0, 7.5, 8.0, 8.6"), note);
    }

    @Test
    void aSupportedGpuWithoutCudaLibrariesFallsBackNamingThem() throws Exception {
        System.setProperty("digits.gpu.query", standIn("Tesla T4, 7.5, 15360 MiB, 535.104.05\\n"));
        System.setProperty("digits.cuda.libraryPath", dir.toString());
        BackendChoice c = choose(true, RELEASED, NO_CUDNN);
        assertEquals("digits-cpu", c.feature());
        String note = String.join("; ", c.notes());
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
        BackendChoice c = choose(true, notBuilt, NO_CUDNN);
        assertEquals("digits-cpu", c.feature());
        assertTrue(String.join("; ", c.notes()).contains("mvn -Pcuda install"), c.notes().toString());
        // and with the backend present, the GPU is used
        BackendChoice ok = choose(true, RELEASED, NO_CUDNN);
        assertEquals("digits-cuda", ok.feature(), ok.notes().toString());
        assertTrue(String.join("; ", ok.notes()).contains("Tesla T4"));
    }

    @Test
    void anotherBuildBringsItsOwnCapabilities() throws Exception {
        System.setProperty("digits.gpu.query", standIn("NVIDIA H100 80GB HBM3, 9.0, 81559 MiB, 550.54.15\\n"));
        BackendChoice.CudaBuild hopper = new BackendChoice.CudaBuild(List.of(Path.of("nd4j-cuda-12.jar")), List.of(),
                List.of("8.0", "9.0"), true);
        BackendChoice c = choose(true, hopper, NO_CUDNN);
        assertEquals("digits-cuda", c.feature(), c.notes().toString());
    }

    @Test
    void aHopperGpuWithCuda13AndCudnn9TrainsOnTheCudnnEngineAndSaysWhere() throws Exception {
        System.setProperty("digits.gpu.query", standIn("NVIDIA H200, 9.0, 143771 MiB, 580.159.03\\n"));
        Path libs = libraries(dir.resolve("cu13"), CudaLibraries.required(13));
        System.setProperty("digits.cuda.libraryPath", libs.toString());
        BackendChoice c = choose(true, RELEASED, CUDNN);
        assertEquals("digits-cpu", c.feature(), "ND4J stays on the CPU beside the cuDNN engine");
        assertEquals(List.of("digits-cudnn"), c.engineFeatures());
        assertEquals(List.of(libs), c.libraryFolders());
        String note = c.notes().get(0);
        assertTrue(note.contains("NVIDIA H200") && note.contains("cuDNN engine") && note.contains("CUDA 13")
                && note.contains(libs.toString()), note);
    }

    @Test
    void aFolderTheUserNamesIsLookedInFirst() throws Exception {
        System.setProperty("digits.gpu.query", standIn("NVIDIA GeForce RTX 5090, 12.0, 32607 MiB, 580.65.06\\n"));
        System.setProperty("digits.cuda.libraryPath", dir.resolve("nothing-here").toString());
        Path mine = libraries(dir.resolve("mine"), CudaLibraries.required(13));
        BackendChoice c = choose(true, RELEASED, new BackendChoice.CudnnEngine(true, 25, mine));
        assertEquals(List.of("digits-cudnn"), c.engineFeatures(), c.notes().toString());
        assertEquals(List.of(mine), c.libraryFolders());
    }

    @Test
    void aTuringGpuWithCuda12OnAnOlderDriverUsesCuda12() throws Exception {
        System.setProperty("digits.gpu.query", standIn("Tesla T4, 7.5, 15360 MiB, 535.104.05\\n"));
        // CUDA 13 needs driver 580: with both present, driver 535 takes CUDA 12
        Path c13 = libraries(dir.resolve("cu13"), CudaLibraries.required(13));
        Path c12 = libraries(dir.resolve("cu12"), CudaLibraries.required(12));
        System.setProperty("digits.cuda.libraryPath", c13 + ":" + c12);
        BackendChoice c = choose(true, RELEASED, CUDNN);
        assertEquals(List.of("digits-cudnn"), c.engineFeatures(), c.notes().toString());
        assertEquals(List.of(c12), c.libraryFolders());
        assertTrue(c.notes().get(0).contains("CUDA 12"), c.notes().toString());
    }

    @Test
    void cuda13OnADriverTooOldForItIsRefusedNamingTheDriver() throws Exception {
        System.setProperty("digits.gpu.query", standIn("NVIDIA H100 80GB HBM3, 9.0, 81559 MiB, 550.54.15\\n"));
        System.setProperty("digits.cuda.libraryPath", libraries(dir.resolve("cu13"), CudaLibraries.required(13)).toString());
        BackendChoice c = choose(true, RELEASED, CUDNN);
        assertEquals("digits-cpu", c.feature());
        assertEquals(List.of(), c.engineFeatures());
        String note = String.join("; ", c.notes());
        assertTrue(note.contains("driver 550.54.15 is too old for the CUDA 13 libraries"), note);
        assertTrue(note.contains("compute capability 9.0"), "and why ND4J's CUDA build cannot either: " + note);
    }

    @Test
    void missingCudnnLibrariesAreNamedWithWhereItLooked() throws Exception {
        System.setProperty("digits.gpu.query", standIn("NVIDIA H200, 9.0, 143771 MiB, 580.159.03\\n"));
        List<String> noCudnn = CudaLibraries.required(13).stream().filter(l -> !l.startsWith("libcudnn")).toList();
        Path libs = libraries(dir.resolve("cu13"), noCudnn);
        System.setProperty("digits.cuda.libraryPath", libs.toString());
        BackendChoice c = choose(true, RELEASED, CUDNN);
        assertEquals("digits-cpu", c.feature());
        String note = c.notes().get(0);
        assertTrue(note.startsWith("cuDNN engine not used: CUDA 12/13 and cuDNN 9 libraries not found"), note);
        assertTrue(note.contains("libcudnn.so.9") && note.contains("libcudnn_cnn.so.9") && !note.contains("libcublas.so.13,"), note);
        assertTrue(note.contains("looked in " + libs) && note.contains("--cuda-libs"), note);
    }

    @Test
    void aPascalGpuIsBelowTheCudnnEngineAndGoesToNd4jsCudaBuild() throws Exception {
        System.setProperty("digits.gpu.query", standIn("NVIDIA GeForce GTX 1080, 6.1, 8192 MiB, 535.104.05\\n"));
        bothGenerations(12);
        BackendChoice c = choose(true, RELEASED, CUDNN);
        assertEquals("digits-cuda", c.feature(), c.notes().toString());
        assertEquals(List.of(), c.engineFeatures());
        assertTrue(c.notes().get(0).contains("compute capability 6.1 is below 7.5"), c.notes().toString());
        assertTrue(c.notes().get(1).contains("ND4J's CUDA build"), c.notes().toString());
    }

    @Test
    void whereBothGpuPathsCouldRunTheCudnnEngineWins() throws Exception {
        System.setProperty("digits.gpu.query", standIn("NVIDIA A100-SXM4-40GB, 8.0, 40960 MiB, 580.65.06\\n"));
        bothGenerations(13);
        BackendChoice c = choose(true, RELEASED, CUDNN);
        assertEquals(List.of("digits-cudnn"), c.engineFeatures(), c.notes().toString());
        assertEquals("digits-cpu", c.feature());
    }

    @Test
    void anEngineNotBuiltOrAnOldJvmIsSaid() throws Exception {
        System.setProperty("digits.gpu.query", standIn("NVIDIA H200, 9.0, 143771 MiB, 580.159.03\\n"));
        System.setProperty("digits.cuda.libraryPath", libraries(dir.resolve("cu13"), CudaLibraries.required(13)).toString());
        assertTrue(choose(true, RELEASED, NO_CUDNN).notes().get(0).contains("the cuDNN engine is not built"));
        BackendChoice old = choose(true, RELEASED, new BackendChoice.CudnnEngine(true, 21, null));
        assertEquals(List.of(), old.engineFeatures());
        assertTrue(old.notes().get(0).contains("needs Java 22 or newer") && old.notes().get(0).contains("this JVM is 21"),
                old.notes().toString());
    }

    @Test
    void theNvidiaWheelsOfACudaPytorchAreFoundUnderSitePackages() throws Exception {
        // CUDA 12 wheels: one lib folder per package; CUDA 13 wheels: one shared nvidia/cu13/lib
        Path cu12 = dir.resolve("venv12/lib/python3.11/site-packages/nvidia");
        libraries(cu12.resolve("cublas/lib"), List.of("libcublas.so.12", "libcublasLt.so.12"));
        libraries(cu12.resolve("cuda_nvrtc/lib"), List.of("libnvrtc.so.12"));
        libraries(cu12.resolve("cudnn/lib"), CudaLibraries.CUDNN);
        Path cu13 = dir.resolve("opt/torch/.venv/lib/python3.12/site-packages/nvidia");
        libraries(cu13.resolve("cu13/lib"), List.of("libcublas.so.13", "libcublasLt.so.13", "libnvrtc.so.13"));
        libraries(cu13.resolve("cudnn/lib"), CudaLibraries.CUDNN);
        List<Path> folders = CudaLibraries.wheelFolders(CudaLibraries.sitePackages(
                List.of(dir.resolve("venv12"), dir.resolve("opt/torch/.venv"))));
        CudaLibraries.Found f12 = CudaLibraries.lookFor(12, folders);
        assertTrue(f12.complete(), f12.missing().toString());
        assertEquals(3, f12.folders().size());
        CudaLibraries.Found f13 = CudaLibraries.lookFor(13, folders);
        assertTrue(f13.complete(), f13.missing().toString());
        assertEquals(List.of(cu13.resolve("cu13/lib"), cu13.resolve("cudnn/lib")), f13.folders());
        assertTrue(CudaLibraries.describe(folders).contains("nvidia-* wheel lib folders"));
    }
}
