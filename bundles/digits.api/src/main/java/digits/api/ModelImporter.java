package digits.api;

import java.nio.file.Path;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Brings a model trained elsewhere into the model store: a Keras 3 archive ({@code .keras}), a
 * Keras 2 HDF5 model ({@code .h5} with its {@code model_config}), a weights-only file
 * ({@code .weights.h5}) for a named architecture, or one of our own model files ({@code .zip}).
 * The imported model is an ordinary stored model; a file that cannot be read whole is refused
 * with one line that says why, and nothing is stored.
 */
@ProviderType
public interface ModelImporter {

    /** The file name patterns it reads, for file dialogs (e.g. {@code *.keras}). */
    List<String> fileTypes();

    /**
     * Imports {@code file}.
     *
     * @param name         the stored model's name; empty for one made from the file's name
     * @param architecture the network a weights-only file fits (e.g. {@code reference}); empty
     *                     when the file describes its own layers
     */
    ModelInfo importModel(Path file, String name, String architecture) throws ModelException;
}
