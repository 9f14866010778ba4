package digits.models.internal;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import digits.api.ModelException;
import digits.api.ModelInfo;
import digits.api.ModelStore;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models under the workbench's {@code models/} folder (framework property
 * {@code digits.models}, else {@code ${digits.home}/models}): {@code NAME.zip} (DL4J) and
 * {@code NAME.json} (metadata), with {@code NAME.d/} for checkpoints and reports. Every write
 * goes to a temporary file in the same folder and is moved into place atomically, so a crash
 * never leaves a half-written model.
 */
@Component
public final class FileModelStore implements ModelStore {

    private static final Logger LOG = LoggerFactory.getLogger(FileModelStore.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    private final Path directory;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    @Activate
    public FileModelStore(BundleContext context) throws IOException {
        this(resolveDirectory(context.getProperty("digits.models"), context.getProperty("digits.home")));
    }

    FileModelStore(Path directory) throws IOException {
        this.directory = Files.createDirectories(directory);
    }

    static Path resolveDirectory(String models, String home) {
        if (models != null && !models.isBlank()) {
            return Path.of(models);
        }
        return Path.of(home == null ? "." : home).resolve("models");
    }

    @Override
    public Path directory() {
        return directory;
    }

    @Override
    public List<ModelInfo> list() {
        List<ModelInfo> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.json")) {
            for (Path json : files) {
                String name = json.getFileName().toString().replaceFirst("\\.json$", "");
                if (Files.isRegularFile(directory.resolve(name + ".zip"))) {
                    readInfo(name).ifPresent(out::add);
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot list {}: {}", directory, e.getMessage());
        }
        out.sort(Comparator.comparing((ModelInfo m) -> m.created() == null ? "" : m.created()).reversed());
        return out;
    }

    @Override
    public Optional<ModelInfo> find(String name) {
        if (!NAME.matcher(name).matches() || !Files.isRegularFile(directory.resolve(name + ".zip"))) {
            return Optional.empty();
        }
        return readInfo(name);
    }

    private Optional<ModelInfo> readInfo(String name) {
        try {
            ModelInfo info = GSON.fromJson(Files.readString(directory.resolve(name + ".json")), ModelInfo.class);
            return Optional.ofNullable(info).map(i -> i.name().equals(name) ? i : i.withName(name));
        } catch (IOException | JsonParseException e) {
            LOG.warn("Ignoring {}.json: {}", name, e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public Path modelFile(String name) throws ModelException {
        checkName(name);
        Path p = directory.resolve(name + ".zip");
        if (!Files.isRegularFile(p)) {
            throw new ModelException("no model '" + name + "' in " + directory);
        }
        return p;
    }

    @Override
    public ModelInfo save(ModelInfo info, FileWriter writer) throws ModelException {
        checkName(info.name());
        Path target = directory.resolve(info.name() + ".zip");
        Path tmp = directory.resolve("." + info.name() + ".zip.tmp");
        try {
            writer.write(tmp);
            checkModelZip(tmp, info.name() + ".zip");
            writeJson(info);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (ModelException e) {
            deleteQuietly(tmp);
            throw e;
        } catch (Exception e) {
            deleteQuietly(tmp);
            throw new ModelException("cannot save model '" + info.name() + "': " + e.getMessage(), e);
        }
        fireChanged();
        return info;
    }

    @Override
    public ModelInfo update(ModelInfo info) throws ModelException {
        modelFile(info.name());
        try {
            writeJson(info);
        } catch (IOException e) {
            throw new ModelException("cannot update '" + info.name() + "': " + e.getMessage(), e);
        }
        fireChanged();
        return info;
    }

    @Override
    public ModelInfo importModel(Path file) throws ModelException {
        String fileName = file.getFileName().toString();
        if (!Files.isRegularFile(file)) {
            throw new ModelException(fileName + ": no such file");
        }
        checkModelZip(file, fileName);
        String name = fileName.replaceFirst("\\.zip$", "");
        Path json = file.resolveSibling(name + ".json");
        ModelInfo info = null;
        if (Files.isRegularFile(json)) {
            try {
                info = GSON.fromJson(Files.readString(json), ModelInfo.class);
            } catch (IOException | JsonParseException e) {
                throw new ModelException(json.getFileName() + " beside the model is not valid metadata: " + e.getMessage(), e);
            }
        }
        if (info == null) {
            info = new ModelInfo(name, "unknown", "unknown", "", "", java.util.Map.of(), 0, 0, null, Double.NaN,
                    Double.NaN, 0, java.time.Instant.now().toString(), "imported from " + file, List.of());
        }
        ModelInfo named = info.withName(name);
        return save(named, target -> Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING));
    }

    @Override
    public void exportModel(String name, Path target) throws ModelException {
        Path source = modelFile(name);
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Path json = directory.resolve(name + ".json");
            if (Files.isRegularFile(json)) {
                Files.copy(json, target.resolveSibling(target.getFileName().toString().replaceFirst("\\.zip$", "") + ".json"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new ModelException("cannot export '" + name + "' to " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String name) throws ModelException {
        modelFile(name);
        try {
            Files.deleteIfExists(directory.resolve(name + ".zip"));
            Files.deleteIfExists(directory.resolve(name + ".json"));
        } catch (IOException e) {
            throw new ModelException("cannot delete '" + name + "': " + e.getMessage(), e);
        }
        fireChanged();
    }

    @Override
    public Path workDirectory(String name) {
        return directory.resolve(name + ".d");
    }

    @Override
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    private void fireChanged() {
        for (Runnable l : listeners) {
            try {
                l.run();
            } catch (RuntimeException e) {
                LOG.warn("A model store listener failed", e);
            }
        }
    }

    private void writeJson(ModelInfo info) throws IOException {
        Path json = directory.resolve(info.name() + ".json");
        Path tmp = directory.resolve("." + info.name() + ".json.tmp");
        Files.writeString(tmp, GSON.toJson(info));
        Files.move(tmp, json, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A DL4J model file is a zip holding its configuration and coefficients. */
    static void checkModelZip(Path zip, String shownName) throws ModelException {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            if (z.getEntry("configuration.json") == null || z.getEntry("coefficients.bin") == null) {
                throw new ModelException(shownName + " is not a DL4J model: it has no configuration.json and coefficients.bin");
            }
        } catch (IOException e) {
            throw new ModelException(shownName + " is not a model file: not a readable zip (" + e.getMessage() + ")", e);
        }
    }

    private static void checkName(String name) throws ModelException {
        if (!NAME.matcher(name).matches()) {
            throw new ModelException("'" + name + "' is not a valid model name (letters, digits, '.', '_', '-'; up to 64)");
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // nothing more to do; the temporary name is never listed
        }
    }
}
