package digits.models.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.ModelException;
import digits.api.ModelInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A release's store: the user's models folder, and the shipped models read-only beside it. */
class ShippedModelsTest {

    @TempDir
    Path temp;

    static ModelInfo info(String name, String created) {
        return new ModelInfo(name, "deep", "mnist", "", "adamax", Map.of(), 1, 64, null, 0.99, 0.999, 1, created, "", List.of());
    }

    static void writeModel(Path folder, String name, String created) throws Exception {
        Files.createDirectories(folder);
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(folder.resolve(name + ".zip")))) {
            z.putNextEntry(new ZipEntry("configuration.json"));
            z.putNextEntry(new ZipEntry("coefficients.bin"));
        }
        Files.writeString(folder.resolve(name + ".json"), FileModelStore.GSON.toJson(info(name, created)));
    }

    @Test
    void shippedModelsAreListedAndLoadedButNeverWrittenAndTheUsersOwnWinsByName() throws Exception {
        Path shipped = temp.resolve("opt/models");
        writeModel(shipped, "default", "2026-01-01");
        writeModel(shipped, "other", "2026-01-02");
        shipped.toFile().setWritable(false);
        Path user = temp.resolve("home/models");
        FileModelStore store = new FileModelStore(user, new FileModelStore(shipped));

        assertEquals(List.of("other", "default"), store.list().stream().map(ModelInfo::name).toList());
        assertEquals(shipped.resolve("default.zip"), store.modelFile("default"));
        ModelException delete = assertThrows(ModelException.class, () -> store.delete("default"));
        assertTrue(delete.getMessage().contains("shipped with the workbench and is read-only"), delete.getMessage());
        assertThrows(ModelException.class, () -> store.update(info("default", "2026-03-01")));
        assertTrue(Files.isRegularFile(shipped.resolve("default.zip")));

        writeModel(user, "default", "2026-02-01"); // a model the user trained under the same name
        assertEquals(user.resolve("default.zip"), store.modelFile("default"));
        assertEquals("2026-02-01", store.find("default").orElseThrow().created());
        assertEquals(2, store.list().size());
        store.delete("default"); // the user's; the shipped one shows again
        assertEquals(shipped.resolve("default.zip"), store.modelFile("default"));
        assertTrue(store.workDirectory("other").startsWith(user), "checkpoints and reports go to the user's folder");
    }
}
