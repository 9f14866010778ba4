package digits.data.internal;

import digits.api.DatasetException;
import digits.api.GrayImage;
import digits.api.LabelledImages;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * Reads and writes the drawings folder in the format {@link digits.api.DrawingStore} documents:
 * {@code LABEL_TIMESTAMP.png}, 28x28, 8-bit grayscale, white ink on black.
 */
public final class Drawings {

    /** The side of a drawing, as in MNIST. */
    public static final int SIDE = GrayImage.MODEL_SIDE;

    private static final Pattern NAME = Pattern.compile("([0-9])_[^/]+\\.png");
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);
    // Every fifth drawing of each digit is held out for testing: see split().
    private static final int TEST_EVERY = 5;

    private Drawings() {}

    /** The training and held-out test drawings. */
    public record Split(LabelledImages train, LabelledImages test) {}

    /** The drawings in a folder, sorted by name (digit, then time); empty if there is no folder. */
    public static List<Path> list(Path folder) throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path p : files) {
                if (NAME.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p)) {
                    found.add(p);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        found.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        return found;
    }

    /** The digit a drawing's name gives. */
    public static int label(Path drawing) {
        return drawing.getFileName().toString().charAt(0) - '0';
    }

    /** Saves one drawing atomically; see {@link digits.api.DrawingStore#save}. */
    public static synchronized Path save(Path folder, GrayImage image, int label) throws IOException {
        if (!image.isModelInput()) {
            throw new IllegalArgumentException("a drawing must be " + SIDE + "x" + SIDE + ", got "
                    + image.width() + "x" + image.height());
        }
        if (label < 0 || label > 9) {
            throw new IllegalArgumentException("a drawing's label must be a digit 0-9, got " + label);
        }
        Files.createDirectories(folder);
        BufferedImage png = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = png.getRaster();
        float[] p = image.pixels();
        for (int i = 0; i < p.length; i++) {
            raster.setSample(i % SIDE, i / SIDE, 0, Math.round(Math.max(0f, Math.min(1f, p[i])) * 255f));
        }
        Path temp = Files.createTempFile(folder, ".drawing-", ".png.part");
        try {
            if (!ImageIO.write(png, "png", temp.toFile())) {
                throw new IOException("no PNG writer in this Java runtime");
            }
            // Two saves in the same millisecond get successive timestamps: names stay unique and in order.
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            Path target = folder.resolve(label + "_" + TIMESTAMP.format(now) + ".png");
            while (Files.exists(target)) {
                now = now.plusMillis(1);
                target = folder.resolve(label + "_" + TIMESTAMP.format(now) + ".png");
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Splits the drawings: of each digit's drawings in name order (that is, in the order drawn), the
     * 5th, 10th, 15th, ... are the test set and the others the training set. Disjoint because
     * {@code test()} promises held-out images; per digit so both sets have every digit drawn often
     * enough; by position in time so a drawing keeps its side as new ones are added after it.
     */
    public static Split split(String name, List<Path> drawings) throws DatasetException {
        List<Path> train = new ArrayList<>();
        List<Path> test = new ArrayList<>();
        int[] seen = new int[10];
        for (Path d : drawings) {
            int n = ++seen[label(d)];
            (n % TEST_EVERY == 0 ? test : train).add(d);
        }
        return new Split(load(name + "/train", train), load(name + "/test", test));
    }

    /** Reads drawings into one set; no drawings give an empty set. */
    public static LabelledImages load(String name, List<Path> drawings) throws DatasetException {
        int size = SIDE * SIDE;
        byte[] pixels = new byte[drawings.size() * size];
        byte[] labels = new byte[drawings.size()];
        for (int i = 0; i < drawings.size(); i++) {
            read(drawings.get(i), pixels, i * size);
            labels[i] = (byte) label(drawings.get(i));
        }
        return new LabelledImages(name, SIDE, SIDE, pixels, labels);
    }

    /** SHA-256 over each drawing's name and content hash, in name order. */
    public static String checksum(List<Path> drawings) throws DatasetException {
        MessageDigest all = Idx.sha256();
        for (Path d : drawings) {
            MessageDigest one = Idx.sha256();
            try (InputStream in = new DigestInputStream(Files.newInputStream(d), one)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException e) {
                throw new DatasetException(d + ": cannot read: " + e.getMessage(), e);
            }
            all.update((d.getFileName() + " " + HexFormat.of().formatHex(one.digest()) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(all.digest());
    }

    private static void read(Path file, byte[] into, int at) throws DatasetException {
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new DatasetException(file + ": not a readable PNG: " + e.getMessage(), e);
        }
        if (image == null) {
            throw new DatasetException(file + ": not a PNG image");
        }
        if (image.getWidth() != SIDE || image.getHeight() != SIDE) {
            throw new DatasetException(file + ": " + image.getWidth() + "x" + image.getHeight() + " pixels, expected "
                    + SIDE + "x" + SIDE);
        }
        boolean gray8 = image.getType() == BufferedImage.TYPE_BYTE_GRAY;
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                int v;
                if (gray8) {
                    v = image.getRaster().getSample(x, y, 0);
                } else {
                    // Not the documented format, but a colour PNG drawn elsewhere is still usable.
                    int rgb = image.getRGB(x, y);
                    v = (299 * (rgb >> 16 & 0xff) + 587 * (rgb >> 8 & 0xff) + 114 * (rgb & 0xff)) / 1000;
                }
                into[at + y * SIDE + x] = (byte) v;
            }
        }
    }
}
