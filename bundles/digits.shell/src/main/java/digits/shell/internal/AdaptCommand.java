package digits.shell.internal;

import digits.api.AdaptationPolicy;
import digits.api.AdaptationRequest;
import digits.api.AdaptationResult;
import digits.api.Adapter;
import digits.api.DatasetException;
import digits.api.DrawingStore;
import digits.api.LabelledImages;
import digits.api.Recognizer;
import digits.api.Selection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code digits:adapt}: teach a model one writer's handwriting. */
@Component(service = Object.class, property = {"osgi.command.scope=digits", "osgi.command.function=adapt"})
public final class AdaptCommand {

    /** The SOURCE that means the drawings saved from the canvas. */
    static final String DRAWINGS = "drawings";

    private final Adapter adapter;
    private final Selection selection;
    private final DrawingStore drawings;

    @Activate
    public AdaptCommand(@Reference Adapter adapter, @Reference Selection selection, @Reference DrawingStore drawings) {
        this.adapter = adapter;
        this.selection = selection;
        this.drawings = drawings;
    }

    @Descriptor("adapt a model to a writer's handwriting: fine-tune a copy on the writer's images mixed with "
            + "replayed MNIST images; prints accuracy on held-out images of the writer before and after")
    public String adapt(
            @Descriptor("stored model to start from (default: the active recognizer's, else default)")
            @Parameter(names = {"-f", "--from"}, absentValue = "") String from,
            @Descriptor("name of the adapted model (default: FROM-adapted)")
            @Parameter(names = {"-n", "--name"}, absentValue = "") String name,
            @Descriptor("epochs (default: the adaptation policy's)")
            @Parameter(names = {"-e", "--epochs"}, absentValue = "0") int epochs,
            @Descriptor("'drawings' (your saved drawings) or a folder of LABEL_anything.png, 28x28") String source)
            throws Exception {
        LabelledImages writer = writerImages(source);
        String start = from.isEmpty()
                ? AdaptationPolicy.startingModel(selection.activeRecognizer().map(Recognizer::id).orElse(null)) : from;
        AdaptationPolicy policy = epochs > 0 ? AdaptationPolicy.DEFAULT.withEpochs(epochs) : AdaptationPolicy.DEFAULT;
        AdaptationRequest request = new AdaptationRequest(name.isEmpty() ? AdaptationPolicy.defaultName(start) : name,
                start, source, writer, policy);
        System.out.printf("adapting %s to %d images of %s, %d epochs%n", start, writer.count(), source, policy.epochs());
        // Progress comes on the adaptation's thread; it is printed here, on the session's, whose output Gogo captures.
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        int[] lastTenth = {-1};
        CompletableFuture<AdaptationResult> run = adapter.adapt(request, (done, step) -> {
            int tenth = (int) (done * 10);
            if (tenth != lastTenth[0]) {
                lastTenth[0] = tenth;
                lines.add(String.format(Locale.ROOT, "  %3.0f%% %s", 100 * done, step));
            }
        }).toCompletableFuture();
        AdaptationResult result;
        while (true) {
            String line = lines.poll(200, TimeUnit.MILLISECONDS);
            if (line != null) {
                System.out.println(line);
            } else if (run.isDone()) {
                break;
            }
        }
        try {
            result = run.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        return result.summary();
    }

    /** The writer's images: the canvas's drawings, or a folder in the same naming. */
    private LabelledImages writerImages(String source) throws DatasetException {
        if (source.equals(DRAWINGS)) {
            return drawings.images();
        }
        Path folder = Path.of(source).toAbsolutePath();
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(source + " is neither 'drawings' nor a folder of LABEL_anything.png");
        }
        return drawings.images(folder);
    }
}
