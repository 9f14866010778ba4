package digits.api;

import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/** Writes a stored model out in another framework's format. */
@ProviderType
public interface ModelExporter {

    /**
     * Writes model {@code name} to {@code target}, atomically. A name ending in {@code .keras}
     * gets a Keras 3 archive ({@code metadata.json}, {@code config.json},
     * {@code model.weights.h5}); one ending in {@code .zip}, our own model file.
     */
    void exportModel(String name, Path target) throws ModelException;
}
