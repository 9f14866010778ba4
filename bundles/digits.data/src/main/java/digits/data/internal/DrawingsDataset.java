package digits.data.internal;

import digits.api.DatasetException;
import digits.api.DatasetProvider;
import digits.api.LabelledImages;
import digits.api.DrawingStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The user's own drawings ({@link DrawingStore} documents the folder's format). Read from the
 * folder on every call, not cached: the user keeps drawing while the workbench runs, and a few
 * hundred 28x28 PNGs read in milliseconds. An empty or missing folder is an empty dataset.
 *
 * <p>{@link #train()} and {@link #test()} are disjoint: every fifth drawing of each digit, in the
 * order drawn, is held out for testing (see {@link Drawings#split}).
 */
@Component(service = DatasetProvider.class, property = "dataset.id=drawings")
public final class DrawingsDataset implements DatasetProvider, DatasetState {

    private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    private final DrawingStore store;

    @Activate
    public DrawingsDataset(@Reference DrawingStore store) {
        this.store = store;
    }

    @Override
    public String id() {
        return "drawings";
    }

    @Override
    public String description() {
        return "your drawings from the canvas, in " + store.folder();
    }

    @Override
    public List<String> classNames() {
        return DIGITS;
    }

    @Override
    public LabelledImages train() throws DatasetException {
        return split().train();
    }

    @Override
    public LabelledImages test() throws DatasetException {
        return split().test();
    }

    @Override
    public String checksum() throws DatasetException {
        return Drawings.checksum(drawings());
    }

    @Override
    public String provision() throws DatasetException {
        return "folder " + store.folder() + " (" + drawings().size() + " drawings)";
    }

    @Override
    public String state() {
        try {
            List<Path> all = drawings();
            return "folder " + store.folder() + ": " + all.size() + " drawings";
        } catch (DatasetException e) {
            return e.getMessage();
        }
    }

    private Drawings.Split split() throws DatasetException {
        return Drawings.split(id(), drawings());
    }

    private List<Path> drawings() throws DatasetException {
        try {
            return Drawings.list(store.folder());
        } catch (IOException e) {
            throw new DatasetException(store.folder() + ": cannot list the drawings: " + e.getMessage(), e);
        }
    }
}
