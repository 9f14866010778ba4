package digits.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The folder of labelled drawings saved from the canvas, read back as the {@code drawings}
 * dataset.
 *
 * <p><b>Format.</b> One PNG file per drawing, 28x28 pixels, 8-bit grayscale, white ink on a black
 * background as in MNIST (pixel 255 = full ink, 0 = background), named
 * {@code LABEL_TIMESTAMP.png}: {@code LABEL} is the digit 0-9 and {@code TIMESTAMP} the UTC time of
 * saving as {@code yyyyMMdd'T'HHmmssSSS'Z'}, e.g. {@code 7_20250314T092653123Z.png}. Names sort by
 * digit, then by time. Other files in the folder are ignored, so a user may keep notes there, and
 * may add drawings made elsewhere as long as they follow the pattern {@code DIGIT_anything.png}.
 *
 * <p><b>Folder.</b> {@code ~/.local/share/digit-workbench/drawings}, or the framework property
 * {@code digits.drawings}. It is created on the first save.
 */
@ProviderType
public interface DrawingStore {

    /** Where the drawings are. */
    Path folder();

    /**
     * Saves a drawing. The file is written under a temporary name and renamed into place, so a
     * reader never sees half a PNG.
     *
     * @param input28 a 28x28 image, ink 1.0 and background 0.0, as the canvas hands to recognizers
     * @param label   the digit drawn, 0-9
     * @return the new file
     * @throws IllegalArgumentException when the image is not 28x28 or the label not 0-9
     * @throws IOException              when the folder cannot be written
     */
    Path save(GrayImage input28, int label) throws IOException;

    /**
     * How many drawings the folder holds (0 when it does not exist yet).
     *
     * @throws UncheckedIOException when the folder exists but cannot be listed
     */
    int count();

    /**
     * How many drawings of each digit the folder holds, index = digit.
     *
     * @throws UncheckedIOException when the folder exists but cannot be listed
     */
    int[] countPerDigit();

    /**
     * Every drawing in the folder, by digit, then in the order drawn; none when the folder does
     * not exist.
     *
     * @throws DatasetException naming the file that cannot be read, or the folder that cannot be listed
     */
    default LabelledImages images() throws DatasetException {
        return images(folder());
    }

    /**
     * Every drawing in another folder in the same format ({@code DIGIT_anything.png}, 28x28), in
     * the same order: a writer's drawings made elsewhere.
     *
     * @throws DatasetException naming the file that cannot be read, or the folder that cannot be listed
     */
    LabelledImages images(Path folder) throws DatasetException;
}
