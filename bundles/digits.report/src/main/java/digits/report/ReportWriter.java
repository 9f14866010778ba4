package digits.report;

import digits.api.DatasetException;
import digits.api.Evaluation;
import digits.api.ModelException;
import java.nio.file.Path;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Writes a stored model's report: one self-contained HTML file (images embedded, no network
 * needed to view it) with the training's settings and curves, the evaluation's metrics,
 * confusion matrix and most confident mistakes, and the network's summary and diagram.
 *
 * <p>The report lies in the model's work folder, {@code models/NAME.d/report.html}
 * ({@link digits.api.ModelStore#workDirectory(String)}), and is replaced whole (written to a
 * temporary file, then moved into place) each time it is written. A model that cannot be read
 * fails with a {@link ModelException} before anything is written. Evaluating takes seconds:
 * call these off the UI thread.
 */
@ProviderType
public interface ReportWriter {

    /** The name of the report in a model's work folder. */
    String FILE_NAME = "report.html";

    /**
     * Evaluates the model on its dataset's test images (MNIST's when its dataset is not
     * present) and writes its report.
     *
     * @return the report's path
     * @throws ModelException   if the model is missing, corrupt or foreign; nothing is written
     * @throws DatasetException if the test images cannot be loaded; nothing is written
     */
    Path report(String modelName) throws ModelException, DatasetException;

    /**
     * As {@link #report(String)}, on the first {@code testLimit} test images only (0 = all).
     */
    Path report(String modelName, int testLimit) throws ModelException, DatasetException;

    /**
     * As {@link #report(String, int)}, with a comparison section: the model beside the models
     * named (their validation curves overlaid, their figures side by side on the same test
     * images, and the images on which they answer differently).
     *
     * @throws ModelException if one of the models is missing, corrupt or foreign; nothing is written
     */
    Path report(String modelName, int testLimit, List<String> compareWith) throws ModelException, DatasetException;

    /**
     * Writes the report with an evaluation already made (the UI's, say), or without an
     * evaluation section when {@code evaluation} is null (right after training).
     *
     * @throws ModelException if the model is missing, corrupt or foreign; nothing is written
     */
    Path report(String modelName, Evaluation evaluation) throws ModelException;

    /** Where the model's report is, or will be, written. */
    Path reportFile(String modelName) throws ModelException;
}
