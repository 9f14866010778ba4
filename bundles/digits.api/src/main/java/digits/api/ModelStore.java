package digits.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The models under {@code models/}: each a model file ({@code NAME.zip}) and its metadata
 * ({@code NAME.json}). Every write is atomic: a reader never sees a half-written file, and a
 * model and its metadata are replaced together (a reader sees the old pair or the new one).
 */
@ProviderType
public interface ModelStore {

    /** The folder the store works in. */
    Path directory();

    /** Every stored model, newest first. */
    List<ModelInfo> list();

    /** The models in the folder that cannot be read, each with its reason; not in {@link #list()}. */
    List<UnreadableModel> unreadable();

    Optional<ModelInfo> find(String name);

    /** The model file of a stored model. */
    Path modelFile(String name) throws ModelException;

    /**
     * Stores a model: the file written by {@code writer} to a temporary path is checked and
     * moved into place together with its metadata.
     */
    ModelInfo save(ModelInfo info, FileWriter writer) throws ModelException;

    /** Replaces a stored model's metadata (for example after evaluating it). */
    ModelInfo update(ModelInfo info) throws ModelException;

    /** Copies a model file (and its metadata JSON if one lies beside it) into the store. */
    ModelInfo importModel(Path file) throws ModelException;

    /** Copies a stored model's file to {@code target}. */
    void exportModel(String name, Path target) throws ModelException;

    void delete(String name) throws ModelException;

    /** The folder for a model's checkpoints and reports: {@code models/NAME.d/}. */
    Path workDirectory(String name);

    /** Called (on the writing thread) after every change: a model saved, imported, updated or deleted. */
    void addListener(Runnable listener);

    void removeListener(Runnable listener);

    /** Writes a file to a path it is given; the store makes that write atomic. */
    @FunctionalInterface
    interface FileWriter {
        void write(Path target) throws Exception;
    }
}
