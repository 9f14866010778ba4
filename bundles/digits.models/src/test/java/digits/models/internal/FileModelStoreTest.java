package digits.models.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.Augmentation;
import digits.api.ModelException;
import digits.api.ModelInfo;
import digits.api.UnreadableModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real store on a real folder; a crash is a move that fails. */
class FileModelStoreTest {

    @TempDir
    Path dir;

    static ModelInfo info(String name, int epochs, String created) {
        return new ModelInfo(name, "reference", "mnist", "sum", "adamax", Map.of("learningRate", 0.001), epochs, 32,
                Augmentation.NONE, 0.9, 0.95, 1000, created, "./digits train mnist", List.of());
    }

    /** A file the store accepts as a DL4J model, carrying a mark to tell versions apart. */
    static void writeModel(Path target, String mark) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(target))) {
            zip.putNextEntry(new ZipEntry("configuration.json"));
            zip.write(mark.getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("coefficients.bin"));
            zip.write(new byte[] {1, 2, 3});
        }
    }

    static String markOf(Path zip) throws IOException {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            return new String(z.getInputStream(z.getEntry("configuration.json")).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void savedModelIsListedFoundAndLoadable() throws Exception {
        FileModelStore store = new FileModelStore(dir);
        store.save(info("a", 1, "2026-01-01T00:00:00Z"), t -> writeModel(t, "a1"));
        store.save(info("b", 2, "2026-01-02T00:00:00Z"), t -> writeModel(t, "b1"));
        assertEquals(List.of("b", "a"), store.list().stream().map(ModelInfo::name).toList(), "newest first");
        assertEquals(2, store.find("b").orElseThrow().epochs());
        assertEquals("a1", markOf(store.modelFile("a")));
        assertEquals(List.of("a.json", "a.zip", "b.json", "b.zip"), files(), "no temporary file is left");
    }

    @Test
    void aFailingWriterLeavesTheOldModelAndNoTemporaryFile() throws Exception {
        FileModelStore store = new FileModelStore(dir);
        store.save(info("m", 1, "2026-01-01T00:00:00Z"), t -> writeModel(t, "old"));
        ModelException e = assertThrows(ModelException.class,
                () -> store.save(info("m", 2, "2026-01-02T00:00:00Z"), t -> {
                    Files.writeString(t, "half");
                    throw new IOException("disk full");
                }));
        assertTrue(e.getMessage().contains("disk full"), e.getMessage());
        assertEquals(1, store.find("m").orElseThrow().epochs());
        assertEquals("old", markOf(store.modelFile("m")));
        assertEquals(List.of("m.json", "m.zip"), files());
    }

    @Test
    void aFileThatIsNotAModelIsRefused() throws Exception {
        FileModelStore store = new FileModelStore(dir);
        ModelException e = assertThrows(ModelException.class,
                () -> store.save(info("m", 1, "2026-01-01T00:00:00Z"), t -> Files.writeString(t, "not a zip")));
        assertTrue(e.getMessage().startsWith("m.zip is not a model file"), e.getMessage());
        assertEquals(List.of(), files());
    }

    /**
     * The process dies at the n-th atomic move of a save (0: the commit marker, 1: the model
     * file, 2: the metadata). A store opened afterwards, as after a restart, sees the old pair
     * or the new one, never the new metadata with the old model or the reverse.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void aSaveInterruptedAtAnyMoveLeavesAPairThatAgrees(int failingMove) throws Exception {
        new FileModelStore(dir).save(info("m", 1, "2026-01-01T00:00:00Z"), t -> writeModel(t, "epochs 1"));
        AtomicInteger moves = new AtomicInteger();
        FileModelStore crashing = new FileModelStore(dir, (from, to) -> {
            if (moves.getAndIncrement() == failingMove) {
                throw new IOException("power cut");
            }
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        });
        try {
            crashing.save(info("m", 2, "2026-01-02T00:00:00Z"), t -> writeModel(t, "epochs 2"));
        } catch (ModelException expected) {
            // the crash
        }
        FileModelStore restarted = new FileModelStore(dir);
        ModelInfo seen = restarted.find("m").orElseThrow();
        assertEquals("epochs " + seen.epochs(), markOf(restarted.modelFile("m")), "metadata and model disagree");
        assertEquals(failingMove == 0 ? 1 : 2, seen.epochs(), "after the commit marker the new pair wins");
        assertEquals(List.of("m.json", "m.zip"), files(), "recovery leaves no temporary file");
    }

    @Test
    void unreadableModelsAreListedApartWithTheirReason() throws Exception {
        FileModelStore store = new FileModelStore(dir);
        store.save(info("good", 1, "2026-01-01T00:00:00Z"), t -> writeModel(t, "good"));
        writeModel(dir.resolve("empty.zip"), "x");
        Files.writeString(dir.resolve("empty.json"), "{}");
        writeModel(dir.resolve("garbled.zip"), "x");
        Files.writeString(dir.resolve("garbled.json"), "{\"name\": ");
        writeModel(dir.resolve("bare.zip"), "x");
        Files.writeString(dir.resolve("corrupt.zip"), "PK not really");
        Files.writeString(dir.resolve("corrupt.json"), FileModelStore.GSON.toJson(info("corrupt", 1, "2026")));

        assertEquals(List.of("good"), store.list().stream().map(ModelInfo::name).toList());
        List<UnreadableModel> bad = store.unreadable();
        assertEquals(List.of("bare", "corrupt", "empty", "garbled"), bad.stream().map(UnreadableModel::name).toList());
        assertEquals("bare.zip has no metadata bare.json beside it", bad.get(0).reason());
        assertTrue(bad.get(1).reason().startsWith("corrupt.zip is not a model file"), bad.get(1).reason());
        assertEquals("empty.json lacks architecture, datasetId, created", bad.get(2).reason());
        assertTrue(bad.get(3).reason().startsWith("garbled.json is not valid metadata"), bad.get(3).reason());
        assertTrue(store.find("empty").isEmpty());
    }

    @Test
    void updateReplacesTheMetadataOnly() throws Exception {
        FileModelStore store = new FileModelStore(dir);
        store.save(info("m", 1, "2026-01-01T00:00:00Z"), t -> writeModel(t, "m"));
        store.update(info("m", 1, "2026-01-01T00:00:00Z").withTestMetrics(0.99, 1.0));
        assertEquals(0.99, store.find("m").orElseThrow().testAccuracy());
        assertEquals("m", markOf(store.modelFile("m")));
    }

    @Test
    void importTakesTheFileNameAndTheMetadataBesideIt() throws Exception {
        Path outside = Files.createDirectory(dir.resolve("outside"));
        writeModel(outside.resolve("mine.zip"), "mine");
        Files.writeString(outside.resolve("mine.json"), FileModelStore.GSON.toJson(info("other", 4, "2026")));
        FileModelStore store = new FileModelStore(Files.createDirectory(dir.resolve("models")));
        ModelInfo imported = store.importModel(outside.resolve("mine.zip"));
        assertEquals("mine", imported.name());
        assertEquals(4, store.find("mine").orElseThrow().epochs());
    }

    @Test
    void exportWritesTheModelAndItsMetadata() throws Exception {
        FileModelStore store = new FileModelStore(Files.createDirectory(dir.resolve("models")));
        store.save(info("m", 3, "2026"), t -> writeModel(t, "m"));
        Path out = Files.createDirectory(dir.resolve("out"));
        store.exportModel("m", out.resolve("copy.zip"));
        assertEquals("m", markOf(out.resolve("copy.zip")));
        assertTrue(Files.readString(out.resolve("copy.json")).contains("\"epochs\": 3"));
    }

    @Test
    void deleteRemovesBothFilesAndBadNamesAreRefused() throws Exception {
        FileModelStore store = new FileModelStore(dir);
        store.save(info("m", 1, "2026"), t -> writeModel(t, "m"));
        store.delete("m");
        assertEquals(List.of(), files());
        ModelException e = assertThrows(ModelException.class, () -> store.modelFile("../etc"));
        assertTrue(e.getMessage().contains("not a valid model name"), e.getMessage());
    }

    @Test
    void listenersHearEverySave() throws Exception {
        FileModelStore store = new FileModelStore(dir);
        AtomicInteger heard = new AtomicInteger();
        store.addListener(heard::incrementAndGet);
        store.save(info("m", 1, "2026"), t -> writeModel(t, "m"));
        store.update(info("m", 2, "2026"));
        store.delete("m");
        assertEquals(3, heard.get());
    }
}
