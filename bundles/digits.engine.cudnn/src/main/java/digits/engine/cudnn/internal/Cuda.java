package digits.engine.cudnn.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The C functions of the CUDA driver, NVRTC, cuBLAS and cuDNN 9 that the engine calls, through
 * Java's foreign function API: no JavaCPP, so nothing here meets ND4J's JavaCPP 1.5.7 on the
 * framework's class path. Libraries are opened by absolute path from the folders the launcher
 * found (cuDNN's parts first, so that its front library finds them already loaded), else by name.
 * Every call's status is checked; a failure names the function and the library's own message.
 */
final class Cuda {

    static final MemorySegment NULL = MemorySegment.NULL;
    private static final Linker LINKER = Linker.nativeLinker();

    /** The CUDA major version whose libraries were opened (12 or 13). */
    final int version;
    final String where;
    private final SymbolLookup driver;
    private final SymbolLookup nvrtc;
    private final SymbolLookup cublas;
    private final SymbolLookup cudnn;
    private final Map<String, MethodHandle> handles = new HashMap<>();

    private Cuda(int version, String where, SymbolLookup driver, SymbolLookup nvrtc, SymbolLookup cublas, SymbolLookup cudnn) {
        this.version = version;
        this.where = where;
        this.driver = driver;
        this.nvrtc = nvrtc;
        this.cublas = cublas;
        this.cudnn = cudnn;
    }

    /** Opens the libraries: the folders in order, for CUDA 13 then 12; the driver from the system. */
    static Cuda open(List<Path> folders) {
        Arena global = Arena.global();
        SymbolLookup driver;
        try {
            driver = SymbolLookup.libraryLookup("libcuda.so.1", global);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("no NVIDIA driver library (libcuda.so.1) could be opened: " + e.getMessage(), e);
        }
        for (int v : List.of(13, 12)) {
            Map<String, Path> found = new HashMap<>();
            for (String lib : List.of("libcublasLt.so." + v, "libcublas.so." + v, "libnvrtc.so." + v, "libcudnn_graph.so.9",
                    "libcudnn_ops.so.9", "libcudnn_cnn.so.9", "libcudnn.so.9")) {
                folders.stream().map(d -> d.resolve(lib)).filter(Files::isRegularFile).findFirst().ifPresent(p -> found.put(lib, p));
            }
            if (found.size() < 7 && !folders.isEmpty()) {
                continue;
            }
            List<String> order = List.of("libcublasLt.so." + v, "libcublas.so." + v, "libnvrtc.so." + v,
                    "libcudnn_graph.so.9", "libcudnn_ops.so.9", "libcudnn_cnn.so.9", "libcudnn.so.9");
            Map<String, SymbolLookup> libs = new HashMap<>();
            try {
                for (String lib : order) {
                    Path p = found.get(lib);
                    libs.put(lib, p != null ? SymbolLookup.libraryLookup(p, global) : SymbolLookup.libraryLookup(lib, global));
                }
            } catch (IllegalArgumentException e) {
                if (folders.isEmpty() && v == 13) {
                    continue; // by name: try CUDA 12
                }
                throw new IllegalStateException("cannot open the CUDA " + v + " libraries: " + e.getMessage(), e);
            }
            String where = found.isEmpty() ? "the system's library path"
                    : String.join(", ", found.values().stream().map(Path::getParent).map(Path::toString).distinct().toList());
            return new Cuda(v, where, driver, libs.get("libnvrtc.so." + v), libs.get("libcublas.so." + v), libs.get("libcudnn.so.9"));
        }
        throw new IllegalStateException("no complete set of CUDA 12/13 and cuDNN 9 libraries in " + folders);
    }

    // ---- calling --------------------------------------------------------------------------

    private MethodHandle handle(SymbolLookup lib, String name, MemoryLayout... args) {
        return handles.computeIfAbsent(name, n -> LINKER.downcallHandle(
                lib.find(n).orElseThrow(() -> new IllegalStateException("symbol " + n + " not found")),
                FunctionDescriptor.of(JAVA_INT, args)));
    }

    private static int invoke(MethodHandle h, Object... args) {
        try {
            return (int) h.invokeWithArguments(args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** A driver call, checked. */
    void cu(String name, Object... args) {
        int status = invoke(handle(driver, name, layouts(args)), args);
        if (status != 0) {
            throw new IllegalStateException(name + " failed: " + driverError(status));
        }
    }

    /** A cuBLAS call, checked. */
    void blas(String name, Object... args) {
        int status = invoke(handle(cublas, name, layouts(args)), args);
        if (status != 0) {
            throw new IllegalStateException(name + " failed: cuBLAS status " + status);
        }
    }

    /** A cuDNN call, checked. */
    void dnn(String name, Object... args) {
        int status = invoke(handle(cudnn, name, layouts(args)), args);
        if (status != 0) {
            throw new IllegalStateException(name + " failed: " + cudnnError(status));
        }
    }

    /** An NVRTC call, checked; the compile log is added when compilation fails. */
    void rtc(String name, MemorySegment program, Object... args) {
        int status = invoke(handle(nvrtc, name, layouts(args)), args);
        if (status != 0) {
            throw new IllegalStateException(name + " failed: NVRTC status " + status
                    + (program == null ? "" : "\n" + nvrtcLog(program)));
        }
    }

    /** Arguments map to C types by their Java type: MemorySegment is a pointer. */
    private static MemoryLayout[] layouts(Object... args) {
        MemoryLayout[] out = new MemoryLayout[args.length];
        for (int i = 0; i < args.length; i++) {
            out[i] = switch (args[i]) {
                case MemorySegment m -> ADDRESS;
                case Integer x -> JAVA_INT;
                case Long x -> JAVA_LONG;
                case Float x -> JAVA_FLOAT;
                case Double x -> JAVA_DOUBLE;
                default -> throw new IllegalArgumentException("no C type for " + args[i].getClass());
            };
        }
        return out;
    }

    private String driverError(int status) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(ADDRESS);
            int r = invoke(handle(driver, "cuGetErrorString", JAVA_INT, ADDRESS), status, p);
            return r == 0 ? "CUDA error " + status + " (" + p.get(ADDRESS, 0).reinterpret(256).getString(0) + ")"
                    : "CUDA error " + status;
        }
    }

    private String cudnnError(int status) {
        try {
            MethodHandle h = LINKER.downcallHandle(cudnn.find("cudnnGetErrorString").orElseThrow(), FunctionDescriptor.of(ADDRESS, JAVA_INT));
            return "cuDNN status " + status + " (" + ((MemorySegment) h.invokeExact(status)).reinterpret(256).getString(0) + ")";
        } catch (Throwable t) {
            return "cuDNN status " + status;
        }
    }

    private String nvrtcLog(MemorySegment program) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment size = a.allocate(JAVA_LONG);
            invoke(handle(nvrtc, "nvrtcGetProgramLogSize", ADDRESS, ADDRESS), program, size);
            MemorySegment log = a.allocate(Math.max(1, size.get(JAVA_LONG, 0)));
            invoke(handle(nvrtc, "nvrtcGetProgramLog", ADDRESS, ADDRESS), program, log);
            return log.getString(0);
        }
    }

    // ---- helpers used by the engine -----------------------------------------------------------

    /** A fresh pointer-sized out-parameter. */
    static MemorySegment out(Arena a) {
        return a.allocate(JAVA_LONG);
    }

    static MemorySegment ptr(long address) {
        return MemorySegment.ofAddress(address);
    }

    /** Device memory of {@code bytes}, zeroed. */
    long alloc(long bytes) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = out(a);
            cu("cuMemAlloc_v2", p, Math.max(bytes, 4));
            long d = p.get(JAVA_LONG, 0);
            cu("cuMemsetD8_v2", d, 0, Math.max(bytes, 4));
            return d;
        }
    }

    /** Page-locked host memory, for copies the device makes while the host goes on. */
    MemorySegment allocHost(long bytes) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(ADDRESS);
            cu("cuMemAllocHost_v2", p, bytes);
            return p.get(ADDRESS, 0).reinterpret(bytes);
        }
    }

    void upload(long device, float[] data) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment host = a.allocateFrom(JAVA_FLOAT, data);
            cu("cuMemcpyHtoD_v2", device, host, (long) data.length * 4);
        }
    }

    float[] download(long device, int count) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment host = a.allocate(JAVA_FLOAT, Math.max(1, count));
            cu("cuMemcpyDtoH_v2", host, device, (long) count * 4);
            return host.toArray(JAVA_FLOAT);
        }
    }

    /** Compiles CUDA C for this device's architecture (machine code, no PTX left to the driver). */
    MemorySegment compile(String source, String name, int major, int minor, List<String> extraOptions) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment prog = out(a);
            rtc("nvrtcCreateProgram", null, prog, a.allocateFrom(source), a.allocateFrom(name), 0, NULL, NULL);
            MemorySegment program = prog.get(ADDRESS, 0);
            List<String> options = new ArrayList<>(List.of("--gpu-architecture=sm_" + major + minor, "--std=c++17"));
            options.addAll(extraOptions);
            MemorySegment opts = a.allocate(ADDRESS, options.size());
            for (int i = 0; i < options.size(); i++) {
                opts.setAtIndex(ADDRESS, i, a.allocateFrom(options.get(i)));
            }
            rtc("nvrtcCompileProgram", program, program, options.size(), opts);
            MemorySegment size = a.allocate(JAVA_LONG);
            rtc("nvrtcGetCUBINSize", program, program, size);
            MemorySegment cubin = Arena.global().allocate(size.get(JAVA_LONG, 0));
            rtc("nvrtcGetCUBIN", program, program, cubin);
            rtc("nvrtcDestroyProgram", null, prog);
            return cubin;
        }
    }
}
