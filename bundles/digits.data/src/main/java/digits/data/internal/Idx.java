package digits.data.internal;

import digits.api.DatasetException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST: a big-endian magic number
 * ({@code 0x00000801} for idx1 labels, {@code 0x00000803} for idx3 images; the third byte says
 * unsigned bytes, the fourth the number of dimensions), one big-endian int per dimension, then the
 * data. The file may be gzipped; that is recognised by the gzip magic bytes {@code 1f 8b}, never by
 * the name alone.
 *
 * <p>Every problem is a {@link DatasetException} whose message starts with the file's name.
 */
public final class Idx {

    /** idx1, unsigned bytes: one label per item. */
    public static final int LABELS = 0x00000801;
    /** idx3, unsigned bytes: count x rows x cols. */
    public static final int IMAGES = 0x00000803;

    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;

    private Idx() {}

    /** What an IDX header says. */
    public record Header(int magic, int[] dims) {
        public int headerLength() {
            return 4 + 4 * dims.length;
        }

        public long bodyLength() {
            long n = 1;
            for (int d : dims) {
                n *= d;
            }
            return n;
        }

        public long fileLength() {
            return headerLength() + bodyLength();
        }

        /** The number of items (the first dimension). */
        public int count() {
            return dims[0];
        }
    }

    /** A file that passed the checks: its header and the SHA-256 of its (decompressed) bytes. */
    public record Scanned(String name, Header header, String sha256) {}

    /** An IDX file read into memory: the header and the data after it. */
    public record Content(Header header, byte[] body) {}

    static String kind(int magic) {
        return switch (magic) {
            case LABELS -> "idx1 labels";
            case IMAGES -> "idx3 images";
            default -> "idx";
        };
    }

    /**
     * Opens a file for reading its IDX content, unzipping it when it starts with the gzip magic
     * bytes. A file named {@code .gz} that is not gzip is an error: it was meant to be compressed,
     * so it is probably something else (an HTML error page saved under that name, say).
     */
    public static InputStream open(Path file) throws DatasetException {
        String name = file.toString();
        try {
            return decode(name, Files.newInputStream(file));
        } catch (NoSuchFileException e) {
            throw new DatasetException(name + ": no such file");
        } catch (IOException e) {
            throw new DatasetException(name + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Wraps a raw stream, unzipping it when it starts with the gzip magic bytes; see {@link #open}. */
    public static InputStream decode(String name, InputStream raw) throws DatasetException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        try {
            in.mark(2);
            int b1 = in.read();
            int b2 = in.read();
            in.reset();
            if (b1 == GZIP_MAGIC_1 && b2 == GZIP_MAGIC_2) {
                return new GZIPInputStream(in, 1 << 16);
            }
            if (name.endsWith(".gz")) {
                in.close();
                throw new DatasetException(name + ": not gzip: named .gz but does not start with the gzip magic bytes 1f 8b");
            }
            return in;
        } catch (ZipException | EOFException e) {
            close(in);
            throw new DatasetException(name + ": corrupt gzip: " + e.getMessage(), e);
        } catch (IOException e) {
            close(in);
            throw new DatasetException(name + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Checks a whole IDX stream (decoded already) and hashes it.
     *
     * @param name     the file's name for messages
     * @param in       the decoded content; read to its end, not closed
     * @param magic    {@link #LABELS} or {@link #IMAGES}
     * @param sinkFor  where to copy the content once the header is known (all bytes, header
     *                 included); {@code OutputStream.nullOutputStream()} to only check
     */
    public static Scanned scan(String name, InputStream in, int magic, Function<Header, OutputStream> sinkFor)
            throws DatasetException {
        MessageDigest sha = sha256();
        DigestInputStream din = new DigestInputStream(in, sha);
        try {
            byte[] first = din.readNBytes(4);
            if (first.length < 4) {
                throw new DatasetException(name + ": truncated: expected at least 4 bytes (the IDX magic number), found "
                        + first.length);
            }
            int found = readInt(first, 0);
            if (found != magic) {
                throw new DatasetException(String.format("%s: wrong magic number 0x%08x, expected 0x%08x (%s)", name,
                        found, magic, kind(magic)));
            }
            int dimCount = magic & 0xff;
            byte[] dimBytes = din.readNBytes(4 * dimCount);
            if (dimBytes.length < 4 * dimCount) {
                throw new DatasetException(name + ": truncated: expected at least " + (4 + 4 * dimCount)
                        + " bytes (the IDX header), found " + (4 + dimBytes.length));
            }
            int[] dims = new int[dimCount];
            for (int i = 0; i < dimCount; i++) {
                dims[i] = readInt(dimBytes, 4 * i);
                // Only the item count may be 0: an image of 0 rows is not an image.
                if (dims[i] < 0 || (i > 0 && dims[i] == 0)) {
                    throw new DatasetException(name + ": bad dimension " + i + " in the IDX header: " + dims[i]);
                }
            }
            Header header = new Header(magic, dims);
            // A Java array holds at most Integer.MAX_VALUE - 8 bytes; MNIST is 47 MB.
            if (header.bodyLength() > Integer.MAX_VALUE - 8) {
                throw new DatasetException(name + ": too large: the IDX header says " + header.fileLength() + " bytes");
            }
            OutputStream sink = sinkFor.apply(header);
            sink.write(first);
            sink.write(dimBytes);
            long expected = header.fileLength();
            long copied = header.headerLength();
            byte[] buffer = new byte[1 << 16];
            while (copied < expected) {
                int n = din.read(buffer, 0, (int) Math.min(buffer.length, expected - copied));
                if (n < 0) {
                    throw new DatasetException(name + ": truncated: expected " + expected + " bytes, found " + copied);
                }
                sink.write(buffer, 0, n);
                copied += n;
            }
            long extra = 0;
            for (int n; (n = din.read(buffer)) > 0; ) {
                extra += n;
            }
            if (extra > 0) {
                throw new DatasetException(name + ": too long: expected " + expected + " bytes, found "
                        + (expected + extra));
            }
            sink.flush();
            return new Scanned(name, header, HexFormat.of().formatHex(sha.digest()));
        } catch (ZipException | EOFException e) {
            // GZIPInputStream reports a cut-off or damaged archive this way.
            throw new DatasetException(name + ": corrupt gzip: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DatasetException(name + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads and checks a whole IDX file into memory (raw or gzipped). */
    public static Content read(Path file, int magic) throws DatasetException {
        try (InputStream in = open(file)) {
            BodySink sink = new BodySink();
            Scanned s = scan(file.toString(), in, magic, sink::start);
            return new Content(s.header(), sink.body);
        } catch (IOException e) {
            throw new DatasetException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Checks a whole IDX file without keeping it, and hashes it. */
    public static Scanned check(Path file, int magic) throws DatasetException {
        try (InputStream in = open(file)) {
            return scan(file.toString(), in, magic, h -> OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new DatasetException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // already failing with a better message
        }
    }

    /** Collects the data after the header straight into one array of the right size. */
    private static final class BodySink extends OutputStream {
        private byte[] body;
        private int skip;
        private int at;

        OutputStream start(Header header) {
            body = new byte[(int) header.bodyLength()];
            skip = header.headerLength();
            return this;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            int s = Math.min(skip, len);
            skip -= s;
            System.arraycopy(b, off + s, body, at, len - s);
            at += len - s;
        }
    }
}
