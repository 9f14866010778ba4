package digits.ui.internal;

import digits.api.GrayImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Where the canvas saves labelled drawings. An interface of this bundle's own, offered by
 * {@link DrawingStoreSink} only while the data bundle's {@code DrawingStore} is there: the window
 * then never loads a class of {@code digits.data}, and works (with saving disabled) without it.
 */
public interface DrawingSink {

    /** Saves a 28x28 model input under a digit 0-9 and returns the file. */
    Path save(GrayImage input28, int label) throws IOException;

    /** How many drawings are saved. */
    int count();

    /** The folder they are saved in. */
    Path folder();
}
