package digits.data.internal;

import digits.api.DatasetException;
import digits.api.DrawingStore;
import digits.api.GrayImage;
import digits.api.LabelledImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** The drawings folder ({@link DrawingStore} documents its format), one PNG per drawing. */
@Component(service = DrawingStore.class)
public final class FolderDrawingStore implements DrawingStore {

    /** Framework property naming the drawings folder. */
    public static final String FOLDER_PROPERTY = "digits.drawings";

    private final Path folder;

    /** The component: the folder comes from the framework property {@value #FOLDER_PROPERTY}. */
    @Activate
    public FolderDrawingStore(BundleContext context) {
        this(folderFrom(context.getProperty(FOLDER_PROPERTY)));
    }

    /** A store over the given folder, for tools and tests outside a framework. */
    public FolderDrawingStore(Path folder) {
        this.folder = folder;
    }

    /** {@code ~/.local/share/digit-workbench/drawings}. */
    public static Path defaultFolder() {
        return Path.of(System.getProperty("user.home"), ".local", "share", "digit-workbench", "drawings");
    }

    @Override
    public Path folder() {
        return folder;
    }

    @Override
    public Path save(GrayImage input28, int label) throws IOException {
        return Drawings.save(folder, input28, label);
    }

    @Override
    public int count() {
        try {
            return Drawings.list(folder).size();
        } catch (IOException e) {
            throw new UncheckedIOException(folder + ": cannot list the drawings: " + e.getMessage(), e);
        }
    }

    @Override
    public int[] countPerDigit() {
        int[] counts = new int[10];
        try {
            for (Path p : Drawings.list(folder)) {
                counts[Drawings.label(p)]++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(folder + ": cannot list the drawings: " + e.getMessage(), e);
        }
        return counts;
    }

    @Override
    public LabelledImages images(Path from) throws DatasetException {
        try {
            return Drawings.load(from.toString(), Drawings.list(from));
        } catch (IOException e) {
            throw new DatasetException(from + ": cannot list the drawings: " + e.getMessage(), e);
        }
    }

    private static Path folderFrom(String property) {
        return property == null || property.isBlank() ? defaultFolder() : Path.of(property);
    }
}
