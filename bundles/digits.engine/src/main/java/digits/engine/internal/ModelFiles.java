package digits.engine.internal;

import digits.api.ModelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipFile;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Reads and writes DL4J model files, refusing anything that is not a 28x28 -> 10 network. */
final class ModelFiles {

    private ModelFiles() {}

    static MultiLayerNetwork load(Path zip, boolean withUpdater) throws ModelException {
        String name = zip.getFileName().toString();
        if (!Files.isRegularFile(zip)) {
            throw new ModelException(name + ": no such model file");
        }
        try (ZipFile z = new ZipFile(zip.toFile())) {
            if (z.getEntry("configuration.json") == null || z.getEntry("coefficients.bin") == null) {
                throw new ModelException(name + " is not a DL4J model (no configuration.json and coefficients.bin in it)");
            }
        } catch (IOException e) {
            throw new ModelException(name + " is not a model file: it is not a readable zip (" + e.getMessage() + ")", e);
        }
        MultiLayerNetwork net;
        try {
            net = ModelSerializer.restoreMultiLayerNetwork(zip.toFile(), withUpdater);
        } catch (Exception | Error e) {
            throw new ModelException(name + " is corrupt or not a multi-layer network: " + e.getMessage(), e);
        }
        try {
            INDArray out = net.output(Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 28 * 28), false);
            if (out.rank() != 2 || out.size(1) != 10) {
                throw new ModelException(name + " answers " + java.util.Arrays.toString(out.shape())
                        + " for a 28x28 image; a digit recognizer must answer 10 probabilities");
            }
        } catch (ModelException e) {
            throw e;
        } catch (Exception e) {
            throw new ModelException(name + " does not take a 28x28x1 image as input: " + e.getMessage(), e);
        }
        return net;
    }

    /** The zip entry of a model calibrated before the feature ensemble: one layer's {@link FeatureStats}. */
    static final String FEATURE_STATS = "digits-feature-stats.bin";
    /** The zip entry holding the training digits' {@link FeatureEnsemble}, beside DL4J's own entries. */
    static final String FEATURE_ENSEMBLE = "digits-feature-ensemble.bin";

    private interface EntryReader<T> {
        T read(java.io.DataInputStream in) throws IOException;
    }

    private static <T> T entry(Path zip, String name, String what, EntryReader<T> reader) throws ModelException {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            java.util.zip.ZipEntry e = z.getEntry(name);
            if (e == null) {
                return null;
            }
            try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(z.getInputStream(e)))) {
                return reader.read(in);
            }
        } catch (IOException | RuntimeException e) {
            throw new ModelException(zip.getFileName() + ": unreadable " + what + ": " + e.getMessage(), e);
        }
    }

    /** The one-layer feature statistics of an older model file, or null when it has none. */
    static FeatureStats featureStats(Path zip) throws ModelException {
        return entry(zip, FEATURE_STATS, "feature statistics", FeatureStats::read);
    }

    /** The feature ensemble stored in a model file, or null when it has none. */
    static FeatureEnsemble featureEnsemble(Path zip) throws ModelException {
        return entry(zip, FEATURE_ENSEMBLE, "feature ensemble", FeatureEnsemble::read);
    }

    /** Copies the model file {@code source} to {@code target} with {@code ensemble} in it (replacing any statistics). */
    static void writeWithEnsemble(Path source, FeatureEnsemble ensemble, Path target) throws IOException {
        try (ZipFile in = new ZipFile(source.toFile());
                java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(
                        new java.io.BufferedOutputStream(Files.newOutputStream(target)))) {
            for (java.util.zip.ZipEntry e : java.util.Collections.list(in.entries())) {
                if (!e.getName().equals(FEATURE_STATS) && !e.getName().equals(FEATURE_ENSEMBLE)) {
                    out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                    in.getInputStream(e).transferTo(out);
                    out.closeEntry();
                }
            }
            out.putNextEntry(new java.util.zip.ZipEntry(FEATURE_ENSEMBLE));
            java.io.DataOutputStream data = new java.io.DataOutputStream(out);
            ensemble.write(data);
            data.flush();
            out.closeEntry();
        }
    }

    /** Writes the network to {@code target} via a temporary file, so it appears whole or not at all. */
    static void write(MultiLayerNetwork net, Path target, boolean withUpdater) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        ModelSerializer.writeModel(net, tmp.toFile(), withUpdater);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
