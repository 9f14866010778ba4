package digits.api;

import org.osgi.annotation.versioning.ProviderType;

/** Describes networks layer by layer, without exposing the engine's types. */
@ProviderType
public interface ModelInspector {

    /** The summary of an architecture the trainer knows, e.g. {@code reference} (223,274 parameters). */
    ModelSummary ofArchitecture(String architecture);

    /** The summary of a stored model. */
    ModelSummary ofModel(String modelName) throws ModelException;
}
