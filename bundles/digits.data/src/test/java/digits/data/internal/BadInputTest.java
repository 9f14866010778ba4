package digits.data.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.DatasetException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad files offered through the {@code digits.data} folder: each is refused with a message that
 * names the file and the problem, and nothing lands in the cache.
 */
class BadInputTest {

    @TempDir
    Path temp;

    private Path folder() throws IOException {
        return IdxFiles.validSet(temp.resolve("data"));
    }

    private Path cache() {
        return temp.resolve("cache");
    }

    /** Provisions MNIST from the folder and returns the refusal's message. */
    private String refusal(Path folder) throws IOException {
        DatasetException e = assertThrows(DatasetException.class,
                () -> new Provisioner(DatasetSpec.MNIST, folder, cache()).provision());
        assertEquals(List.of(), IdxFiles.filesBelow(cache()), "nothing may land in the cache");
        return e.getMessage();
    }

    @Test
    void aTruncatedFileIsRefusedWithBothLengths() throws IOException {
        Path folder = folder();
        Files.delete(folder.resolve(DatasetSpec.TRAIN_IMAGES));
        // The header promises all 60,000 images; 1000 bytes arrive (16 of them header).
        byte[] cut = Arrays.copyOf(IdxFiles.idx(Idx.IMAGES, new int[] {60000, 28, 28}, 0), 1000);
        Path file = folder.resolve("train-images-idx3-ubyte.gz");
        Files.write(file, IdxFiles.gzip(cut));

        assertEquals(file + ": truncated: expected 47040016 bytes, found 1000", refusal(folder));
    }

    @Test
    void aFileLongerThanItsHeaderSaysIsRefused() throws IOException {
        Path folder = folder();
        Path file = folder.resolve(DatasetSpec.TRAIN_LABELS);
        Files.write(file, IdxFiles.idx(Idx.LABELS, new int[] {3}, 5));

        assertEquals(file + ": too long: expected 11 bytes, found 13", refusal(folder));
    }

    @Test
    void aWrongMagicNumberIsRefused() throws IOException {
        Path folder = folder();
        Path file = folder.resolve(DatasetSpec.TEST_IMAGES);
        Files.write(file, IdxFiles.idx(0x00000802, new int[] {2, 28}, 56));

        assertEquals(file + ": wrong magic number 0x00000802, expected 0x00000803 (idx3 images)", refusal(folder));
    }

    @Test
    void imagesAndLabelsOfDifferentCountsAreRefused() throws IOException {
        Path folder = folder();
        Files.write(folder.resolve(DatasetSpec.TRAIN_LABELS), IdxFiles.labels(2));

        String message = refusal(folder);
        assertTrue(message.contains(folder.resolve(DatasetSpec.TRAIN_IMAGES).toString()), message);
        assertTrue(message.contains(folder.resolve(DatasetSpec.TRAIN_LABELS).toString()), message);
        assertTrue(message.endsWith(": images and labels differ in count: 3 images, 2 labels"), message);
    }

    @Test
    void aGzFileThatIsNotGzipIsRefused() throws IOException {
        Path folder = folder();
        Files.delete(folder.resolve(DatasetSpec.TEST_LABELS));
        Path file = folder.resolve("t10k-labels-idx1-ubyte.gz");
        Files.writeString(file, "<html>404 Not Found</html>");

        String message = refusal(folder);
        assertTrue(message.startsWith(file + ": not gzip"), message);
    }

    @Test
    void theReaderRefusesAGzFileHoldingText() throws IOException {
        Path file = temp.resolve("x.gz");
        Files.writeString(file, "just some text", StandardCharsets.US_ASCII);

        DatasetException e = assertThrows(DatasetException.class, () -> Idx.read(file, Idx.LABELS));
        assertTrue(e.getMessage().startsWith(file + ": not gzip"), e.getMessage());
    }

    @Test
    void aCutOffGzipArchiveIsRefused() throws IOException {
        Path folder = folder();
        Files.delete(folder.resolve(DatasetSpec.TRAIN_IMAGES));
        byte[] gz = IdxFiles.gzip(IdxFiles.images(3));
        Path file = folder.resolve("train-images-idx3-ubyte.gz");
        Files.write(file, Arrays.copyOf(gz, gz.length / 2));

        String message = refusal(folder);
        assertTrue(message.startsWith(file + ": corrupt gzip"), message);
    }

    @Test
    void aValidFileThatIsNotTheKnownOneIsRefusedByChecksum() throws IOException {
        Path folder = folder();

        String message = refusal(folder);
        assertTrue(message.startsWith(folder.resolve(DatasetSpec.TRAIN_IMAGES) + ": checksum mismatch: SHA-256 of the content is "),
                message);
        assertTrue(message.contains("expected " + DatasetSpec.MNIST.file(DatasetSpec.TRAIN_IMAGES).sha256()), message);
    }

    @Test
    void aFolderWithOnlySomeOfTheFilesIsRefused() throws IOException {
        Path folder = folder();
        Files.delete(folder.resolve(DatasetSpec.TEST_LABELS));

        String message = refusal(folder);
        assertTrue(message.startsWith(folder + ": incomplete"), message);
        assertTrue(message.contains(DatasetSpec.TEST_LABELS), message);
    }

    @Test
    void gzippedAndRawFilesReadTheSame() throws Exception {
        byte[] raw = IdxFiles.images(3);
        Path plain = Files.write(temp.resolve("a"), raw);
        Path gz = Files.write(temp.resolve("b.gz"), IdxFiles.gzip(raw));

        Idx.Content a = Idx.read(plain, Idx.IMAGES);
        Idx.Content b = Idx.read(gz, Idx.IMAGES);
        assertTrue(Arrays.equals(a.body(), b.body()));
        assertEquals(3 * 28 * 28, a.body().length);
        try (InputStream in = Files.newInputStream(plain)) {
            assertEquals(Idx.check(plain, Idx.IMAGES).sha256(), Idx.scan("a", in, Idx.IMAGES,
                    h -> java.io.OutputStream.nullOutputStream()).sha256());
        }
    }
}
