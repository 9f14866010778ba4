package digits.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Chooses how to train before anything loads native code. Two GPU paths, in this order:
 * <ol>
 * <li>the cuDNN engine ({@code digits-cudnn}: CUDA 12/13, cuDNN 9, through Java's foreign function
 * API) where the GPU has compute capability 7.5 or newer (the oldest CUDA 13 supports), its
 * libraries are found and the JVM is 22 or newer; ND4J stays on the CPU for everything else;</li>
 * <li>ND4J's CUDA build (nd4j-cuda-11.6, 1.0.0-M2.1), which carries machine code for a fixed list
 * of compute capabilities and no PTX, yet reports itself usable on newer GPUs and fails at the
 * first kernel: used only when the device's capability is in the build's list and the CUDA 11
 * libraries are present.</li>
 * </ol>
 * Otherwise the CPU, and the notes say exactly why.
 *
 * @param feature        the ND4J backend feature to provision ({@code digits-cpu} or {@code digits-cuda})
 * @param engineFeatures features of further training engines ({@code digits-cudnn}), or none
 * @param libraryFolders where the cuDNN engine's libraries are, in search order (empty unless chosen)
 * @param notes          why, one sentence each
 */
public record BackendChoice(String feature, List<String> engineFeatures, List<Path> libraryFolders, List<String> notes) {

    static final String CUDNN_FEATURE = "digits-cudnn";
    /** The oldest compute capability CUDA 13 builds for (Turing). */
    static final double CUDNN_MIN_CAPABILITY = 7.5;

    /**
     * Whether the cuDNN engine could start here, apart from the GPU and its libraries.
     *
     * @param built       its feature and bundle are in the repository
     * @param javaVersion this JVM's feature version (the engine needs 22+)
     * @param userFolder  a folder the user named for the CUDA libraries, or null
     */
    record CudnnEngine(boolean built, int javaVersion, Path userFolder) {
        static CudnnEngine absent() {
            return new CudnnEngine(false, Runtime.version().feature(), null);
        }
    }

    /** What the released nd4j-cuda-11.6 1.0.0-M2.1 carries (read from its fatbin). */
    static final List<String> RELEASED_CUDA_CAPABILITIES =
            List.of("3.7", "5.0", "5.2", "6.0", "6.1", "7.0", "7.5", "8.0", "8.6");
    /** The libraries nd4j-cuda-11.6 links against. */
    static final List<String> CUDA_LIBRARIES =
            List.of("libcudart.so.11.0", "libcublas.so.11", "libcublasLt.so.11", "libcusolver.so.11");

    /**
     * What the CUDA backend would bring: its jars (from the digits-cuda feature, or a folder given
     * with --cuda-build), the compute capabilities its library carries, and whether JavaCPP's
     * CUDA libraries come with it.
     *
     * @param jars            the backend's jars; empty when none is given or built
     * @param missing         jars the feature names that are not in the repository
     * @param capabilities    compute capabilities the build carries code for
     * @param bringsLibraries whether the CUDA runtime libraries come as jars (JavaCPP's redist)
     */
    record CudaBuild(List<Path> jars, List<String> missing, List<String> capabilities, boolean bringsLibraries) {}

    static BackendChoice choose(boolean gpuWanted, Properties conf, CudaBuild build, CudnnEngine engine) {
        boolean wanted = gpuWanted || "cuda".equalsIgnoreCase(conf.getProperty("backend", "cpu").trim());
        if (!wanted) {
            return new BackendChoice("digits-cpu", List.of(), List.of(), List.of());
        }
        String query = System.getProperty("digits.gpu.query",
                "nvidia-smi --query-gpu=name,compute_cap,memory.total,driver_version --format=csv,noheader");
        List<Gpu> gpus;
        try {
            gpus = queryGpus(query);
        } catch (IOException e) {
            return noGpu("no NVIDIA driver: '" + query.split(" ")[0] + "' could not run (" + e.getMessage() + ")");
        }
        if (gpus.isEmpty()) {
            return noGpu("the NVIDIA driver reports no GPU");
        }
        Gpu gpu = gpus.get(0);
        String cudnnRefusal;
        if (Double.parseDouble(gpu.computeCapability()) < CUDNN_MIN_CAPABILITY) {
            cudnnRefusal = "compute capability " + gpu.computeCapability() + " is below 7.5, the oldest CUDA 13 supports";
        } else if (!engine.built()) {
            cudnnRefusal = "the cuDNN engine is not built (it needs a JDK 22 or newer at build time)";
        } else if (engine.javaVersion() < 22) {
            cudnnRefusal = "it needs Java 22 or newer (the foreign function API); this JVM is " + engine.javaVersion();
        } else {
            List<Path> folders = CudaLibraries.searchFolders(engine.userFolder());
            var found = CudaLibraries.find(folders, gpu.driverMajor());
            if (found.isPresent()) {
                return new BackendChoice("digits-cpu", List.of(CUDNN_FEATURE), found.get().folders(), List.of(
                        "training on GPU " + gpu.name() + " (compute " + gpu.computeCapability() + ", " + gpu.memory()
                                + ", driver " + gpu.driver() + ") with the cuDNN engine: CUDA " + found.get().cuda()
                                + " and cuDNN 9 from " + found.get().folders().stream().map(Path::toString)
                                .collect(java.util.stream.Collectors.joining(", "))
                                + "; ND4J (inference, evaluation) stays on the CPU"));
            }
            CudaLibraries.Found c13 = CudaLibraries.lookFor(13, folders);
            CudaLibraries.Found c12 = CudaLibraries.lookFor(12, folders);
            String libraries = c13.complete() || c12.complete()
                    ? "driver " + gpu.driver() + " is too old for the CUDA " + (c13.complete() ? 13 : 12)
                            + " libraries found (CUDA 13 needs driver 580+, CUDA 12 525+)"
                    : "CUDA 12/13 and cuDNN 9 libraries not found (missing for CUDA 13: " + String.join(", ", c13.missing())
                            + "; for CUDA 12: " + String.join(", ", c12.missing()) + "); looked in "
                            + CudaLibraries.describe(folders) + "; name a folder with --cuda-libs DIR";
            cudnnRefusal = libraries;
        }
        String cudnnNote = "cuDNN engine not used: " + cudnnRefusal;
        BackendChoice nd4j = chooseNd4j(gpu, build);
        List<String> notes = new ArrayList<>();
        notes.add(cudnnNote);
        notes.addAll(nd4j.notes());
        return new BackendChoice(nd4j.feature(), List.of(), List.of(), List.copyOf(notes));
    }

    private static BackendChoice chooseNd4j(Gpu gpu, CudaBuild build) {
        if (!build.capabilities().contains(gpu.computeCapability())) {
            return cpu("GPU " + gpu.name() + " has compute capability " + gpu.computeCapability()
                    + ", but the ND4J CUDA build carries code only for " + String.join(", ", build.capabilities()));
        }
        if (!build.bringsLibraries()) {
            List<String> missing = missingLibraries(System.getProperty("digits.cuda.libraryPath",
                    System.getenv().getOrDefault("LD_LIBRARY_PATH", "") + ":/usr/local/cuda/lib64:/usr/local/cuda-11.6/lib64:/usr/lib/x86_64-linux-gnu"));
            if (!missing.isEmpty()) {
                return cpu("GPU " + gpu.name() + " (compute " + gpu.computeCapability()
                        + ") is supported, but CUDA libraries are missing: " + String.join(", ", missing)
                        + " (install CUDA 11.x, or build with -Pcuda-redist)");
            }
        }
        if (build.jars().isEmpty() || !build.missing().isEmpty()) {
            return cpu("GPU " + gpu.name() + " (compute " + gpu.computeCapability()
                    + ") is supported, but the CUDA backend is not built"
                    + (build.missing().isEmpty() ? "" : " (missing " + String.join(", ", build.missing()) + ")")
                    + ": run 'mvn -Pcuda install -DskipTests', or pass --cuda-build DIR");
        }
        return new BackendChoice("digits-cuda", List.of(), List.of(), List.of("using GPU " + gpu.name() + " (compute "
                + gpu.computeCapability() + ", " + gpu.memory() + ", driver " + gpu.driver() + ") with ND4J's CUDA build"));
    }

    private static BackendChoice noGpu(String reason) {
        return new BackendChoice("digits-cpu", List.of(), List.of(),
                List.of("GPU not used: " + reason + "; using the CPU backend"));
    }

    private static BackendChoice cpu(String reason) {
        return new BackendChoice("digits-cpu", List.of(), List.of(),
                List.of("ND4J CUDA not used: " + reason + "; using the CPU backend"));
    }

    /** One GPU as the driver describes it. */
    record Gpu(String name, String computeCapability, String memory, String driver) {
        int driverMajor() {
            try {
                return Integer.parseInt(driver.split("\\.")[0].trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }

    static List<Gpu> queryGpus(String command) throws IOException {
        Process p = new ProcessBuilder(command.split(" ")).redirectErrorStream(true).start();
        List<Gpu> out = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null;) {
                lines.add(line);
                String[] f = line.split(",");
                if (f.length >= 4 && f[1].trim().matches("\\d+\\.\\d+")) {
                    out.add(new Gpu(f[0].trim(), f[1].trim(), f[2].trim(), f[3].trim()));
                }
            }
        }
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        if (p.exitValue() != 0 && out.isEmpty()) {
            throw new IOException("exit code " + p.exitValue() + (lines.isEmpty() ? "" : ": " + lines.get(0)));
        }
        return out;
    }

    static List<String> missingLibraries(String searchPath) {
        List<String> missing = new ArrayList<>();
        for (String lib : CUDA_LIBRARIES) {
            boolean found = Arrays.stream(searchPath.split(":")).filter(s -> !s.isBlank())
                    .anyMatch(dir -> Files.exists(Path.of(dir, lib)));
            if (!found) {
                missing.add(lib);
            }
        }
        return missing;
    }
}
