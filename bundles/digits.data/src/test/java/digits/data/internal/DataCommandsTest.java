package digits.data.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.DatasetProvider;
import digits.api.GrayImage;
import digits.api.LabelledImages;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code digits:datasets} and {@code digits:fetch} over whatever providers are bound. */
class DataCommandsTest {

    @TempDir
    Path temp;

    /** A provider from some other bundle. */
    private static final DatasetProvider OTHER = new DatasetProvider() {
        @Override public String id() { return "other"; }
        @Override public String description() { return "someone else's"; }
        @Override public List<String> classNames() { return List.of("a"); }
        @Override public LabelledImages train() { return new LabelledImages("other/train", 1, 1, new byte[1], new byte[1]); }
        @Override public LabelledImages test() { return new LabelledImages("other/test", 1, 1, new byte[0], new byte[0]); }
        @Override public String checksum() { return "0"; }
        @Override public String provision() { return "thin air"; }
    };

    @Test
    void datasetsListsEachProviderWithItsState() throws Exception {
        FolderDrawingStore store = new FolderDrawingStore(temp);
        store.save(new GrayImage(28, 28, new float[28 * 28]), 0);
        DataCommands commands = new DataCommands();
        commands.addDataset(new DrawingsDataset(store));
        commands.addDataset(OTHER);
        commands.addDataset(new IdxDataset(new Provisioner(DatasetSpec.FASHION_MNIST, null, temp.resolve("cache"))));

        String out = commands.datasets();

        assertTrue(out.contains("drawings       your drawings from the canvas, in " + temp), out);
        assertTrue(out.contains("folder " + temp + ": 1 drawings"), out);
        assertTrue(out.contains("fashion-mnist  Fashion-MNIST"), out);
        assertTrue(out.contains("not provisioned (digits:fetch fashion-mnist)"), out);
        assertTrue(out.contains("other          someone else's"), out);
        assertTrue(out.indexOf("drawings") < out.indexOf("fashion-mnist") && out.indexOf("fashion-mnist") < out.indexOf("other"),
                "sorted by id: " + out);

        commands.removeDataset(OTHER);
        assertTrue(!commands.datasets().contains("other"));
    }

    @Test
    void fetchSaysWhereFromAndHowMany() throws Exception {
        DataCommands commands = new DataCommands();
        commands.addDataset(OTHER);

        assertEquals("other: thin air; 1 training images, 0 test images", commands.fetch("other"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> commands.fetch("nope"));
        assertEquals("no dataset 'nope'; there are: other", e.getMessage());
    }
}
