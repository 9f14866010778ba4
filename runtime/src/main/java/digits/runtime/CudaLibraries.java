package digits.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where the CUDA 12/13 and cuDNN 9 libraries of the cuDNN engine are, found by file name only
 * (nothing is loaded here: the backend is chosen before any native code runs). The folders
 * looked in, in order: one the user names ({@code --cuda-libs}), {@code LD_LIBRARY_PATH},
 * {@code /usr/local/cuda*}, the system's library folder, and the {@code lib} folders of the
 * {@code nvidia-*} Python wheels (as a CUDA PyTorch installs them) under every site-packages.
 */
final class CudaLibraries {

    /** cuDNN 9 is one front library that opens its parts (graph, ops, cnn) by name at run time. */
    static final List<String> CUDNN = List.of("libcudnn.so.9", "libcudnn_graph.so.9", "libcudnn_ops.so.9", "libcudnn_cnn.so.9");
    /** The oldest driver (major version) each CUDA major version runs on. */
    static final Map<Integer, Integer> MIN_DRIVER = Map.of(13, 580, 12, 525);

    private CudaLibraries() {}

    /** The CUDA libraries the engine needs for one CUDA major version. */
    static List<String> required(int cuda) {
        List<String> libs = new ArrayList<>(List.of("libcublas.so." + cuda, "libcublasLt.so." + cuda, "libnvrtc.so." + cuda));
        libs.addAll(CUDNN);
        return libs;
    }

    /**
     * What was found for one CUDA version.
     *
     * @param cuda    the CUDA major version (12 or 13)
     * @param folders the folders holding the libraries, in search order
     * @param missing the libraries found nowhere
     */
    record Found(int cuda, List<Path> folders, List<String> missing) {
        boolean complete() {
            return missing.isEmpty();
        }
    }

    /** The folders to look in, in order; {@code digits.cuda.libraryPath} replaces them (tests). */
    static List<Path> searchFolders(Path userFolder) {
        Set<Path> out = new LinkedHashSet<>();
        if (userFolder != null) {
            out.add(userFolder);
        }
        String override = System.getProperty("digits.cuda.libraryPath");
        if (override != null) {
            split(override).forEach(out::add);
            return List.copyOf(out);
        }
        split(System.getenv().getOrDefault("LD_LIBRARY_PATH", "")).forEach(out::add);
        for (Path cuda : glob(Path.of("/usr/local"), "cuda*")) {
            out.add(cuda.resolve("lib64"));
            out.add(cuda.resolve("targets/x86_64-linux/lib"));
        }
        out.add(Path.of("/usr/lib/x86_64-linux-gnu"));
        out.addAll(wheelFolders(sitePackages(pythonRoots())));
        return List.copyOf(out);
    }

    /** The nvidia-* wheels' lib folders: nvidia-cublas-cu12 installs nvidia/cublas/lib, the CUDA 13 wheels share nvidia/cu13/lib. */
    static List<Path> wheelFolders(List<Path> sitePackages) {
        List<Path> out = new ArrayList<>();
        for (Path site : sitePackages) {
            out.addAll(glob(site.resolve("nvidia"), "*").stream().map(p -> p.resolve("lib")).filter(Files::isDirectory).toList());
        }
        return out;
    }

    /** Where Pythons live: system-wide, per user, the active virtual environment, and those under /opt (CUDA PyTorch images). */
    static List<Path> pythonRoots() {
        List<Path> roots = new ArrayList<>();
        String venv = System.getenv("VIRTUAL_ENV");
        if (venv != null) {
            roots.add(Path.of(venv));
        }
        roots.add(Path.of("/usr"));
        roots.add(Path.of("/usr/local"));
        roots.add(Path.of(System.getProperty("user.home"), ".local"));
        roots.addAll(glob(Path.of("/opt"), "*").stream().flatMap(p -> Stream.of(p, p.resolve(".venv"), p.resolve("venv"))).toList());
        return roots;
    }

    /** The site-packages (and Debian's dist-packages) folders of those Pythons. */
    static List<Path> sitePackages(List<Path> roots) {
        List<Path> out = new ArrayList<>();
        for (Path root : roots) {
            for (Path python : glob(root.resolve("lib"), "python3*")) {
                out.addAll(glob(python, "site-packages"));
                out.addAll(glob(python, "dist-packages"));
            }
        }
        return out;
    }

    /** The first CUDA version (13, then 12) whose libraries are all present and whose driver is new enough. */
    static Optional<Found> find(List<Path> folders, int driverMajor) {
        for (int cuda : List.of(13, 12)) {
            Found f = lookFor(cuda, folders);
            if (f.complete() && driverMajor >= MIN_DRIVER.get(cuda)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /**
     * Where each library of one CUDA version is. cuDNN's files have the same names for CUDA 12 and
     * 13, so among several copies the one nearest cuBLAS's folder is taken (the same wheel set,
     * the same toolkit), not merely the first.
     */
    static Found lookFor(int cuda, List<Path> folders) {
        Map<String, Path> where = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String lib : required(cuda)) {
            Path cublas = where.get("libcublas.so." + cuda);
            folders.stream().filter(dir -> Files.exists(dir.resolve(lib)))
                    .max(java.util.Comparator.comparingInt(dir -> cublas == null ? 0 : common(dir, cublas)))
                    .ifPresentOrElse(dir -> where.put(lib, dir), () -> missing.add(lib));
        }
        return new Found(cuda, List.copyOf(new LinkedHashSet<>(where.values())), missing);
    }

    /** How many leading path elements two folders share. */
    private static int common(Path a, Path b) {
        int n = 0;
        while (n < a.getNameCount() && n < b.getNameCount() && a.getName(n).equals(b.getName(n))) {
            n++;
        }
        return n;
    }

    /** Says where it looked, shortly: the folders that exist, the wheels counted as one entry. */
    static String describe(List<Path> folders) {
        List<String> shown = new ArrayList<>();
        int wheels = 0;
        for (Path p : folders) {
            if (p.toString().contains("-packages/nvidia/")) {
                wheels++;
            } else if (Files.isDirectory(p)) {
                shown.add(p.toString());
            }
        }
        shown.add(wheels + " nvidia-* wheel lib folders under python site-packages");
        return String.join(", ", shown);
    }

    private static List<Path> split(String path) {
        return Stream.of(path.split(":")).filter(s -> !s.isBlank()).map(Path::of).toList();
    }

    private static List<Path> glob(Path dir, String pattern) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var s = Files.newDirectoryStream(dir, pattern)) {
            List<Path> out = new ArrayList<>();
            s.forEach(out::add);
            out.sort(null);
            return out;
        } catch (IOException e) {
            return List.of();
        }
    }
}
