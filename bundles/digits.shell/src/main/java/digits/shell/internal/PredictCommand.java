package digits.shell.internal;

import digits.api.Recognizer;
import digits.api.Selection;
import java.io.IOException;
import java.util.Arrays;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code digits:predict}: recognizes image files and folders of them, for people and for scripts. */
@Component(service = Object.class, property = {"osgi.command.scope=digits", "osgi.command.function=predict"})
public final class PredictCommand {

    private final Selection selection;

    @Activate
    public PredictCommand(@Reference Selection selection) {
        this.selection = selection;
    }

    @Descriptor("recognize images (PNG, JPEG, GIF, BMP; any size) and folders of them: one line per image and a"
            + " summary, the top five for a single image; LABEL_*.png names also give the accuracy")
    public String predict(
            @Descriptor("print one JSON document instead of text") @Parameter(names = {"--json"}, presentValue = "true",
                    absentValue = "false") boolean json,
            @Descriptor("recognizer id or model name (default: the active recognizer)")
            @Parameter(names = {"-r", "--recognizer"}, absentValue = "") String recognizerId,
            @Descriptor("image files and folders") String... files) throws IOException {
        if (files == null || files.length == 0) {
            throw new IllegalArgumentException("predict needs at least one image file or folder");
        }
        Recognizer recognizer = recognizerId.isEmpty()
                ? selection.activeRecognizer().orElseThrow(() -> new IllegalStateException("no recognizer is present"))
                : Recognizers.byIdOrModel(selection.recognizers(), recognizerId);
        Predictions.Run run = Predictions.run(Arrays.asList(files), Predictions.workingDirectory(),
                selection.activePreprocessor().orElseThrow(() -> new IllegalStateException("no preprocessor is present")),
                recognizer,
                error -> System.err.println("digits: predict: " + error));
        System.out.print(json ? run.json() : run.text());
        System.out.flush();
        if (run.failed() > 0) {
            throw new IOException(run.failed() == 1 && run.count() == 1 ? run.firstError()
                    : run.failed() + " of " + run.count() + " images could not be read");
        }
        return null;
    }
}
