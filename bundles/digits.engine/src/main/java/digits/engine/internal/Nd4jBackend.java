package digits.engine.internal;

import digits.api.BackendInfo;
import digits.api.ComputeBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.config.DL4JClassLoading;
import org.nd4j.common.config.ND4JClassLoading;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Initialises ND4J when the framework starts and tells the rest of the workbench what it runs on.
 * The backend itself was chosen by the launcher (a JNI library cannot be loaded by two class
 * loaders), which leaves its reasons in the framework property {@value #NOTE_PROPERTY}.
 */
@Component(immediate = true)
public final class Nd4jBackend implements ComputeBackend {

    static final String NOTE_PROPERTY = "digits.backend.note";
    private static final Logger LOG = LoggerFactory.getLogger(Nd4jBackend.class);

    private BackendInfo info;

    @Activate
    void activate(BundleContext context) {
        // ND4J and DL4J find backends, layers and serialisers by class name and ServiceLoader.
        // Inside OSGi the thread's context loader is a bundle's, which sees none of them; point
        // both at the loader that holds DL4J (the launcher's class path).
        // DL4J keeps its oneDNN layer helpers off unless told otherwise; with them, convolution
        // and pooling run in oneDNN instead of im2col + gemm (see org.nd4j.nativeblas.Nd4jCpu in
        // the runtime for the other half of this switch). -Dorg.eclipse...=true turns them off.
        String helpers = "org.eclipse.deeplearning4j.helpers.disable";
        System.setProperty(helpers, System.getProperty(helpers, "false"));
        ClassLoader dl4jLoader = Nd4j.class.getClassLoader();
        ND4JClassLoading.setNd4jClassloader(dl4jLoader);
        DL4JClassLoading.setDl4jClassloader(dl4jLoader);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(dl4jLoader);
        try {
            Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
            Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
            String backend = Nd4j.getBackend().getClass().getSimpleName().contains("Cublas") ? "CUDA" : "CPU";
            String device = "CUDA".equals(backend) ? String.valueOf(env.getOrDefault("cuda.devicesInformation", "GPU"))
                    : cpuModel();
            int threads = Nd4j.getEnvironment().maxMasterThreads();
            String library = org.bytedeco.javacpp.Loader.getPlatform() + libraryVariant();
            if ("CPU".equals(backend) && !library.contains("onednn")) {
                // The helpers then call libnd4j's own convolution: still faster than DL4J's, but
                // 2.5x slower than oneDNN's (BENCHMARKS.md).
                LOG.warn("This nd4j-native build has no oneDNN: training and inference run about 2.5x slower");
            }
            library += oneDnnHelpers() ? ", layer helpers on" : ", layer helpers off";
            String note = context.getProperty(NOTE_PROPERTY);
            // JavaCPP's limit on off-heap bytes (the launchers turn off only its RSS check, maxPhysicalBytes)
            info = new BackendInfo(backend, device, threads, Pointer.maxBytes(), library, note == null ? "" : note);
            LOG.info("Compute backend: {}", info.summary());
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Override
    public BackendInfo info() {
        return info;
    }

    @Override
    public double[][] selfTest() {
        INDArray a = Nd4j.create(new float[][] {{1, 2}, {3, 4}});
        INDArray b = Nd4j.create(new float[][] {{5, 6}, {7, 8}});
        return a.mmul(b).toDoubleMatrix();
    }

    /**
     * The variant of the native library, from the jar JavaCPP unpacked it from: {@code -onednn-avx2}
     * for {@code nd4j-native-1.0.0-M2.1-linux-x86_64-onednn-avx2.jar}, empty for the plain build.
     */
    static String libraryVariant() {
        String platform = org.bytedeco.javacpp.Loader.getPlatform();
        Pattern jar = Pattern.compile("nd4j-native-[^/\\\\]*?-" + Pattern.quote(platform) + "(-[a-z0-9-]+)?\\.jar");
        for (String path : org.bytedeco.javacpp.Loader.getLoadedLibraries().values()) {
            Matcher m = jar.matcher(String.valueOf(path));
            if (path != null && path.contains("nd4jcpu") && m.find()) {
                return m.group(1) == null ? "" : m.group(1);
            }
        }
        return "";
    }

    /** Whether DL4J will use oneDNN for convolution and pooling, asked the way DL4J asks. */
    static boolean oneDnnHelpers() {
        if (Boolean.getBoolean("org.eclipse.deeplearning4j.helpers.disable")) {
            return false;
        }
        try {
            Class<?> env = DL4JClassLoading.loadClassByName("org.nd4j.nativeblas.Nd4jCpu$Environment");
            Object instance = env.getMethod("getInstance").invoke(null);
            return (Boolean) env.getMethod("isUseMKLDNN").invoke(instance);
        } catch (Exception | LinkageError e) {
            return false;
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: the architecture is still worth showing
        }
        return System.getProperty("os.arch");
    }
}
