package digits.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Fits a stored model's {@link Calibration} (its softmax temperature and its "not a digit"
 * threshold) on the validation split it was trained with, and stores it in the model's metadata.
 * Training does this by itself; this is for models trained before, or imported.
 */
@ProviderType
public interface Calibrator {

    /**
     * @param modelName a model in the {@link ModelStore}
     * @return the model's metadata with the new calibration, as stored
     * @throws ModelException if the model cannot be read, or its dataset is not present
     */
    ModelInfo calibrate(String modelName) throws ModelException;
}
