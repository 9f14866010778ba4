package digits.models.internal;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import digits.api.ModelException;
import digits.api.ModelInfo;
import digits.api.ModelStore;
import digits.api.UnreadableModel;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
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
 * never leaves a half-written model. A model and its metadata change together: both new files
 * are written first, then a commit marker ({@code .NAME.commit}) decides the save, then both
 * are moved into place; a save interrupted before the marker is discarded and one interrupted
 * after it is finished by the next reader, so a reader sees the old pair or the new one.
 * A release installed read-only also names its shipped models' folder
 * ({@code digits.models.shipped}): those are listed and loaded, never written or deleted, and a
 * model of the same name in the user's folder wins.
 */
@Component
public final class FileModelStore implements ModelStore {

    private static final Logger LOG = LoggerFactory.getLogger(FileModelStore.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    private final Path directory;
    private final Mover mover;
    /** The shipped models, read-only; null in a source checkout, where models/ is the user's. */
    private final FileModelStore shipped;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    /** Moves a file into place atomically (a seam for the tests that interrupt a save). */
    @FunctionalInterface
    interface Mover {
        void move(Path from, Path to) throws IOException;
    }

    @Activate
    public FileModelStore(BundleContext context) throws IOException {
        this(resolveDirectory(context.getProperty("digits.models"), context.getProperty("digits.home")),
                context.getProperty("digits.models.shipped") == null ? null
                        : new FileModelStore(Path.of(context.getProperty("digits.models.shipped"))));
    }

    /** The user's store over {@code directory}, showing the models of {@code shipped} (if any) read-only. */
    FileModelStore(Path directory, FileModelStore shipped) throws IOException {
        this(directory, MOVE, shipped);
    }

    /** A store over {@code directory} (public for the tests of bundles that use a real store). */
    public FileModelStore(Path directory) throws IOException {
        this(directory, MOVE, null);
    }

    private static final Mover MOVE = (from, to) -> Files.move(from, to, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);

    FileModelStore(Path directory, Mover mover) throws IOException {
        this(directory, mover, null);
    }

    private FileModelStore(Path directory, Mover mover, FileModelStore shipped) throws IOException {
        this.directory = Files.createDirectories(directory);
        this.mover = mover;
        this.shipped = shipped;
    }

    /** Whether {@code name} is a shipped model the user has none of their own for. */
    private boolean isShipped(String name) {
        return shipped != null && !Files.isRegularFile(directory.resolve(name + ".zip")) && shipped.find(name).isPresent();
    }

    private void checkWritable(String name) throws ModelException {
        if (isShipped(name)) {
            throw new ModelException("model '" + name + "' was shipped with the workbench and is read-only (in "
                    + shipped.directory() + "); save a copy under another name");
        }
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
    public synchronized List<ModelInfo> list() {
        List<ModelInfo> out = new ArrayList<>();
        for (String name : names()) {
            if (read(name) instanceof Readable r) {
                out.add(r.info());
            }
        }
        if (shipped != null) {
            SortedSet<String> own = names();
            shipped.list().stream().filter(m -> !own.contains(m.name())).forEach(out::add);
        }
        out.sort(Comparator.comparing((ModelInfo m) -> m.created() == null ? "" : m.created()).reversed());
        return out;
    }

    @Override
    public synchronized List<UnreadableModel> unreadable() {
        List<UnreadableModel> out = new ArrayList<>();
        for (String name : names()) {
            if (read(name) instanceof Unreadable u) {
                out.add(u.problem());
            }
        }
        if (shipped != null) {
            out.addAll(shipped.unreadable());
        }
        return out;
    }

    @Override
    public synchronized Optional<ModelInfo> find(String name) {
        if (!NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        if (isShipped(name)) {
            return shipped.find(name);
        }
        return read(name) instanceof Readable r ? Optional.of(r.info()) : Optional.empty();
    }

    /** The names of the models in the folder (a {@code .zip} or a {@code .json}), sorted. */
    private SortedSet<String> names() {
        SortedSet<String> names = new TreeSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.{zip,json}")) {
            for (Path file : files) {
                String name = file.getFileName().toString().replaceFirst("\\.(zip|json)$", "");
                if (NAME.matcher(name).matches() && Files.isRegularFile(file)) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot list {}: {}", directory, e.getMessage());
        }
        return names;
    }

    private sealed interface Entry permits Readable, Unreadable {}

    private record Readable(ModelInfo info) implements Entry {}

    private record Unreadable(UnreadableModel problem) implements Entry {}

    /** Reads a model's pair, finishing a save that was interrupted after its commit. */
    private Entry read(String name) {
        recover(name);
        Path zip = directory.resolve(name + ".zip");
        Path json = directory.resolve(name + ".json");
        if (!Files.isRegularFile(zip)) {
            return unreadable(name, name + ".json has no model file " + name + ".zip beside it");
        }
        if (!Files.isRegularFile(json)) {
            return unreadable(name, name + ".zip has no metadata " + name + ".json beside it");
        }
        ModelInfo info;
        try {
            info = GSON.fromJson(Files.readString(json), ModelInfo.class);
        } catch (IOException | JsonParseException e) {
            return unreadable(name, name + ".json is not valid metadata: " + e.getMessage());
        }
        if (info == null) {
            return unreadable(name, name + ".json is empty");
        }
        List<String> missing = new ArrayList<>();
        if (info.architecture() == null) {
            missing.add("architecture");
        }
        if (info.datasetId() == null) {
            missing.add("datasetId");
        }
        if (info.created() == null) {
            missing.add("created");
        }
        if (!missing.isEmpty()) {
            return unreadable(name, name + ".json lacks " + String.join(", ", missing));
        }
        try {
            checkModelZip(zip, name + ".zip");
        } catch (ModelException e) {
            return unreadable(name, e.getMessage());
        }
        return new Readable(name.equals(info.name()) ? info : info.withName(name));
    }

    private static Entry unreadable(String name, String reason) {
        LOG.warn("Model {} is unreadable: {}", name, reason);
        return new Unreadable(new UnreadableModel(name, reason));
    }

    @Override
    public synchronized Path modelFile(String name) throws ModelException {
        checkName(name);
        if (isShipped(name)) {
            return shipped.modelFile(name);
        }
        recover(name);
        Path p = directory.resolve(name + ".zip");
        if (!Files.isRegularFile(p)) {
            throw new ModelException("no model '" + name + "' in " + directory);
        }
        return p;
    }

    @Override
    public synchronized ModelInfo save(ModelInfo info, FileWriter writer) throws ModelException {
        String name = info.name();
        checkName(name);
        recover(name);
        Path zip = pending(name, ".zip");
        Path json = pending(name, ".json");
        try {
            writer.write(zip);
            checkModelZip(zip, name + ".zip");
            Files.writeString(json, GSON.toJson(info));
            // The marker decides the save: before it the old pair stands, after it the new one.
            Path marker = directory.resolve("." + name + ".commit");
            Path markerTmp = directory.resolve("." + name + ".commit.tmp");
            Files.writeString(markerTmp, name);
            mover.move(markerTmp, marker);
        } catch (ModelException e) {
            discard(name);
            throw e;
        } catch (Exception e) {
            discard(name);
            throw new ModelException("cannot save model '" + name + "': " + e.getMessage(), e);
        }
        try {
            commit(name);
        } catch (IOException e) {
            throw new ModelException("model '" + name + "' is saved but not yet in place (" + e.getMessage()
                    + "); the next read of the store puts it there", e);
        }
        fireChanged();
        return info;
    }

    private Path pending(String name, String extension) {
        return directory.resolve("." + name + extension + ".new");
    }

    /** Moves a committed pair into place and drops its marker. */
    private void commit(String name) throws IOException {
        for (String extension : List.of(".zip", ".json")) {
            Path from = pending(name, extension);
            if (Files.exists(from)) {
                mover.move(from, directory.resolve(name + extension));
            }
        }
        Files.deleteIfExists(directory.resolve("." + name + ".commit"));
    }

    /** Finishes a committed save, or discards an uncommitted one, that a crash interrupted. */
    private void recover(String name) {
        try {
            if (Files.exists(directory.resolve("." + name + ".commit"))) {
                commit(name);
            } else if (Files.exists(pending(name, ".zip")) || Files.exists(pending(name, ".json"))) {
                discard(name);
            }
        } catch (IOException e) {
            LOG.warn("Cannot finish the interrupted save of {}: {}", name, e.getMessage());
        }
    }

    private void discard(String name) {
        deleteQuietly(pending(name, ".zip"));
        deleteQuietly(pending(name, ".json"));
        deleteQuietly(directory.resolve("." + name + ".commit.tmp"));
    }

    @Override
    public synchronized ModelInfo update(ModelInfo info) throws ModelException {
        checkWritable(info.name());
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
            info = ModelInfo.builder(name).architecture("unknown").datasetId("unknown").augmentation(null)
                    .created(java.time.Instant.now().toString()).command("imported from " + file).build();
        }
        ModelInfo named = info.withName(name);
        return save(named, target -> Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING));
    }

    @Override
    public synchronized void exportModel(String name, Path target) throws ModelException {
        if (isShipped(name)) {
            shipped.exportModel(name, target);
            return;
        }
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
    public synchronized void delete(String name) throws ModelException {
        checkWritable(name);
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
        mover.move(tmp, json);
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
