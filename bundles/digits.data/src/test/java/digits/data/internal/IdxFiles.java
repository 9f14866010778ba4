package digits.data.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/** Small IDX files for tests. */
final class IdxFiles {

    private IdxFiles() {}

    /** An IDX file: the magic number, the dimensions, then {@code bodyLength} bytes (a pattern). */
    static byte[] idx(int magic, int[] dims, int bodyLength) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + bodyLength);
        b.putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        for (int i = 0; i < bodyLength; i++) {
            b.put((byte) (i % 10));
        }
        return b.array();
    }

    /** A whole images file: {@code count} images of 28x28. */
    static byte[] images(int count) {
        return idx(Idx.IMAGES, new int[] {count, 28, 28}, count * 28 * 28);
    }

    /** A whole labels file of {@code count} labels. */
    static byte[] labels(int count) {
        return idx(Idx.LABELS, new int[] {count}, count);
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A folder with four valid (but unknown) IDX files of 3 training and 2 test items. */
    static Path validSet(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve(DatasetSpec.TRAIN_IMAGES), images(3));
        Files.write(dir.resolve(DatasetSpec.TRAIN_LABELS), labels(3));
        Files.write(dir.resolve(DatasetSpec.TEST_IMAGES), images(2));
        Files.write(dir.resolve(DatasetSpec.TEST_LABELS), labels(2));
        return dir;
    }

    /** Every regular file below a folder (none if it does not exist). */
    static List<Path> filesBelow(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).toList();
        }
    }
}
