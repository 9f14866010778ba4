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
 * Chooses the ND4J backend before anything loads one. ND4J's released CUDA build (nd4j-cuda-11.6,
 * 1.0.0-M2.1) carries machine code for a fixed list of compute capabilities and no PTX, yet its
 * backend reports itself usable on newer GPUs and fails at the first kernel. So the GPU is used
 * only when the device's capability is in the build's list and the CUDA libraries are present;
 * otherwise the CPU backend starts and the notes say exactly why.
 *
 * @param feature the backend feature to provision ({@code digits-cpu} or {@code digits-cuda})
 * @param notes   why, one sentence each
 */
public record BackendChoice(String feature, List<String> notes) {

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

    static BackendChoice choose(boolean gpuWanted, Properties conf, CudaBuild build) {
        boolean wanted = gpuWanted || "cuda".equalsIgnoreCase(conf.getProperty("backend", "cpu").trim());
        if (!wanted) {
            return new BackendChoice("digits-cpu", List.of());
        }
        String query = System.getProperty("digits.gpu.query",
                "nvidia-smi --query-gpu=name,compute_cap,memory.total,driver_version --format=csv,noheader");
        List<Gpu> gpus;
        try {
            gpus = queryGpus(query);
        } catch (IOException e) {
            return cpu("no NVIDIA driver: '" + query.split(" ")[0] + "' could not run (" + e.getMessage() + ")");
        }
        if (gpus.isEmpty()) {
            return cpu("the NVIDIA driver reports no GPU");
        }
        Gpu gpu = gpus.get(0);
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
        return new BackendChoice("digits-cuda", List.of("using GPU " + gpu.name() + " (compute "
                + gpu.computeCapability() + ", " + gpu.memory() + ", driver " + gpu.driver() + ")"));
    }

    private static BackendChoice cpu(String reason) {
        return new BackendChoice("digits-cpu", List.of("CUDA not used: " + reason + "; using the CPU backend"));
    }

    /** One GPU as the driver describes it. */
    record Gpu(String name, String computeCapability, String memory, String driver) {}

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
