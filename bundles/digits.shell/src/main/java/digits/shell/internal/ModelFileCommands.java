package digits.shell.internal;

import digits.api.ModelException;
import digits.api.ModelExporter;
import digits.api.ModelImporter;
import digits.api.ModelInfo;
import java.nio.file.Path;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code digits:import} and {@code digits:export}: models in and out of other frameworks' files. */
@Component(service = Object.class, property = {
    "osgi.command.scope=digits",
    "osgi.command.function=import",
    "osgi.command.function=export" })
public final class ModelFileCommands {

    private final ModelImporter importer;
    private final ModelExporter exporter;

    @Activate
    public ModelFileCommands(@Reference ModelImporter importer, @Reference ModelExporter exporter) {
        this.importer = importer;
        this.exporter = exporter;
    }

    @Descriptor("import a model: a Keras 3 .keras archive, a Keras 2 .h5 model, a .weights.h5 file (with --architecture) or a workbench .zip")
    // "import" is a Java keyword: Gogo looks up a keyword command as the method "_import".
    public String _import(
            @Descriptor("the stored model's name (default: from the file's name)") @Parameter(names = {"-n", "--name"}, absentValue = "") String name,
            @Descriptor("the architecture a weights-only file fits (reference, bn, deep)") @Parameter(names = {"-a", "--architecture"}, absentValue = "") String architecture,
            @Descriptor("the file") String file) throws ModelException {
        ModelInfo info = importer.importModel(Path.of(file).toAbsolutePath(), name, architecture);
        return String.format("imported '%s' (%s, %,d parameters%s) from %s", info.name(), info.architecture(), info.parameters(),
                info.optimizerId().isEmpty() ? "" : ", with its " + info.optimizerId() + " state", Path.of(file).getFileName());
    }

    @Descriptor("export a stored model: FILE.keras (Keras 3 archive) or FILE.zip (workbench model)")
    public String export(@Descriptor("the stored model") String model, @Descriptor("the file to write") String file)
            throws ModelException {
        Path target = Path.of(file).toAbsolutePath();
        exporter.exportModel(model, target);
        return "exported '" + model + "' to " + target;
    }
}
