package digits.engine.internal;

import digits.api.ComputeBackend;
import digits.api.ModelException;
import digits.api.ModelExporter;
import digits.api.ModelImporter;
import digits.api.ModelInfo;
import digits.api.ModelStore;
import digits.engine.internal.keras.KerasConfig;
import digits.engine.internal.keras.KerasModel;
import digits.engine.internal.keras.KerasReader;
import digits.engine.internal.keras.KerasWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.config.Adam;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Keras files in and out of the model store. An import becomes an ordinary DL4J model file with
 * its metadata (origin file, Keras version and SHA-256 in its command line), carrying the
 * optimizer state where the file has Adam's or Adamax's; an export writes a Keras 3 archive.
 * The HDF5 parts are read and written by jhdf (pure Java, embedded), so no native HDF5 library is
 * needed on any platform.
 */
@Component(service = {ModelImporter.class, ModelExporter.class})
public final class KerasFiles implements ModelImporter, ModelExporter {

    private final ModelStore store;

    @Activate
    public KerasFiles(@Reference ModelStore store, @Reference ComputeBackend backend) {
        // The backend reference orders activation: ND4J is initialised before any network is built.
        this.store = store;
    }

    @Override
    public List<String> fileTypes() {
        return List.of("*.keras", "*.h5", "*.zip");
    }

    @Override
    public ModelInfo importModel(Path file, String name, String architecture) throws ModelException {
        String fileName = file.getFileName().toString();
        String lower = fileName.toLowerCase();
        if (!Files.isRegularFile(file)) {
            throw new ModelException(fileName + ": no such file");
        }
        String arch = architecture == null ? "" : architecture.trim();
        String modelName = name == null || name.isBlank() ? defaultName(fileName) : name.trim();
        if (lower.endsWith(".zip")) {
            if (!arch.isEmpty()) {
                throw new ModelException(fileName + " is a workbench model: it knows its architecture (drop --architecture)");
            }
            return importOwn(file, modelName);
        }
        if (store.find(modelName).isPresent()) {
            throw new ModelException("a model named '" + modelName + "' is already stored; choose another --name");
        }
        KerasModel model;
        if (lower.endsWith(".keras")) {
            if (!arch.isEmpty()) {
                throw new ModelException(fileName + " describes its own layers: --architecture is for weights-only files");
            }
            model = KerasReader.readArchive(file);
        } else if (lower.endsWith(".h5") || lower.endsWith(".hdf5")) {
            if (!arch.isEmpty()) {
                model = KerasReader.readWeights(file, layersOf(arch));
            } else if (KerasReader.isKeras2Model(file)) {
                model = KerasReader.readKeras2(file);
            } else {
                throw new ModelException(fileName + " holds weights only: name the architecture they fit (--architecture "
                        + String.join("|", Networks.NAMES) + ")");
            }
        } else {
            throw new ModelException(fileName + ": not a model file the workbench reads (.keras, .h5, .weights.h5, .zip)");
        }
        MultiLayerNetwork net = KerasNetworks.toNetwork(model, fileName);
        String sha = sha256(file);
        String command = "digits:import " + file.toAbsolutePath() + " --name " + modelName
                + (arch.isEmpty() ? "" : " --architecture " + arch)
                + "  # " + (model.kerasVersion().isEmpty() ? "Keras" : "Keras " + model.kerasVersion())
                + " file, SHA-256 " + sha;
        KerasModel.OptimizerState opt = model.optimizer();
        ModelInfo info = ModelInfo.builder(modelName).architecture(arch.isEmpty() ? "keras" : arch).datasetId("unknown")
                .optimizerId(opt == null ? "" : opt.type())
                .hyperParameters(opt == null ? Map.of() : Map.of("learningRate", opt.learningRate())).augmentation(null)
                .parameters(net.numParams()).created(Instant.now().toString()).command(command).build();
        return store.save(info, target -> ModelFiles.write(net, target, true));
    }

    /** Our own model file, under the name asked for (the store names it after the file). */
    private ModelInfo importOwn(Path file, String modelName) throws ModelException {
        if (file.getFileName().toString().equals(modelName + ".zip")) {
            return store.importModel(file);
        }
        try {
            Path dir = Files.createTempDirectory("digits-import");
            try {
                Path renamed = Files.copy(file, dir.resolve(modelName + ".zip"));
                Path json = file.resolveSibling(file.getFileName().toString().replaceFirst("\\.zip$", ".json"));
                if (Files.isRegularFile(json)) {
                    Files.copy(json, dir.resolve(modelName + ".json"));
                }
                return store.importModel(renamed);
            } finally {
                try (var files = Files.list(dir)) {
                    for (Path p : files.toList()) {
                        Files.deleteIfExists(p);
                    }
                }
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new ModelException("cannot import " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void exportModel(String name, Path target) throws ModelException {
        String fileName = target.getFileName().toString();
        if (fileName.toLowerCase().endsWith(".zip")) {
            store.exportModel(name, target);
            return;
        }
        if (!fileName.toLowerCase().endsWith(".keras")) {
            throw new ModelException(fileName + ": export writes a Keras 3 archive (.keras) or a workbench model (.zip)");
        }
        MultiLayerNetwork net = ModelFiles.load(store.modelFile(name), false);
        KerasModel model = KerasNetworks.fromNetwork(net);
        Path tmp = target.toAbsolutePath().resolveSibling("." + fileName + ".tmp");
        try {
            KerasWriter.write(model, tmp);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the temporary name is never read
            }
            throw new ModelException("cannot export '" + name + "' to " + target + ": " + e.getMessage(), e);
        }
    }

    /** One of our architectures as Keras layers: what a weights-only file is read against. */
    private static List<com.google.gson.JsonObject> layersOf(String architecture) throws ModelException {
        if (!Networks.NAMES.contains(architecture)) {
            throw new ModelException("unknown architecture '" + architecture + "'; known: " + String.join(", ", Networks.NAMES));
        }
        MultiLayerNetwork net = new MultiLayerNetwork(Networks.build(architecture, new Adam(), 1));
        net.init();
        return KerasConfig.layers(KerasWriter.config(KerasNetworks.fromNetwork(net)), architecture);
    }

    static String defaultName(String fileName) {
        String base = fileName.replaceFirst("(?i)(\\.weights)?\\.(keras|h5|hdf5|zip)$", "");
        String cleaned = base.replaceAll("[^A-Za-z0-9._-]", "-").replaceFirst("^[^A-Za-z0-9]+", "");
        return cleaned.isEmpty() ? "imported" : cleaned.length() > 64 ? cleaned.substring(0, 64) : cleaned;
    }

    private static String sha256(Path file) throws ModelException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new ModelException(file.getFileName() + ": cannot read (" + e.getMessage() + ")", e);
        }
    }
}
