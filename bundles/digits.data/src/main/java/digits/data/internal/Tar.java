package digits.data.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Just enough of a tar reader for an npm package: regular files with ustar names, pax and GNU long
 * names. The JDK has gzip but no tar, and one small class beats a dependency.
 */
final class Tar {

    private static final int BLOCK = 512;

    /** Called for each regular file; may read its content or not. */
    @FunctionalInterface
    interface EntryHandler<X extends Exception> {
        void entry(String path, long size, InputStream content) throws IOException, X;
    }

    private Tar() {}

    /** Reads the (uncompressed) tar stream to its end-of-archive marker, calling the handler per file. */
    static <X extends Exception> void read(InputStream tar, EntryHandler<X> handler) throws IOException, X {
        byte[] header = new byte[BLOCK];
        String longName = null;
        while (true) {
            if (tar.readNBytes(header, 0, BLOCK) < BLOCK) {
                throw new EOFException("tar: truncated header");
            }
            if (isZero(header)) {
                return; // end of archive
            }
            String name = string(header, 0, 100);
            long size = number(header, 124, 12);
            char type = (char) header[156];
            if ("ustar".equals(string(header, 257, 5))) {
                String prefix = string(header, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
            }
            if (type == 'x' || type == 'L') {
                byte[] data = tar.readNBytes((int) size);
                skip(tar, padding(size));
                longName = type == 'L' ? string(data, 0, data.length) : paxPath(data, longName);
                continue;
            }
            if (longName != null) {
                name = longName;
                longName = null;
            }
            Bounded content = new Bounded(tar, size);
            if (type == '0' || type == 0) {
                handler.entry(name, size, content);
            }
            skip(tar, content.remaining + padding(size));
        }
    }

    private static String paxPath(byte[] data, String otherwise) {
        // Records are "LEN key=value\n".
        String text = new String(data, StandardCharsets.UTF_8);
        for (String record : text.split("\n")) {
            int space = record.indexOf(' ');
            if (space > 0 && record.startsWith("path=", space + 1)) {
                return record.substring(space + 1 + "path=".length());
            }
        }
        return otherwise;
    }

    private static long padding(long size) {
        return (BLOCK - size % BLOCK) % BLOCK;
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static String string(byte[] b, int from, int length) {
        int end = from;
        while (end < from + length && b[end] != 0) {
            end++;
        }
        return new String(b, from, end - from, StandardCharsets.UTF_8);
    }

    private static long number(byte[] b, int from, int length) throws IOException {
        if ((b[from] & 0x80) != 0) { // GNU base-256 for sizes over 8 GiB
            long n = b[from] & 0x7f;
            for (int i = from + 1; i < from + length; i++) {
                n = n << 8 | (b[i] & 0xff);
            }
            return n;
        }
        String octal = string(b, from, length).trim();
        try {
            return octal.isEmpty() ? 0 : Long.parseLong(octal, 8);
        } catch (NumberFormatException e) {
            throw new IOException("tar: bad number '" + octal + "' in a header");
        }
    }

    private static void skip(InputStream in, long n) throws IOException {
        in.skipNBytes(n);
    }

    /** One entry's content: stops at its end and leaves the archive open. */
    private static final class Bounded extends InputStream {
        private final InputStream in;
        long remaining;

        Bounded(InputStream in, long size) {
            this.in = in;
            this.remaining = size;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b < 0) {
                throw new EOFException("tar: truncated entry");
            }
            remaining--;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new EOFException("tar: truncated entry");
            }
            remaining -= n;
            return n;
        }

        @Override
        public void close() {
            // the archive stays open for the next entry
        }
    }
}
