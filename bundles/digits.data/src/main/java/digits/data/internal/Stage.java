package digits.data.internal;

import digits.api.DatasetException;
import digits.data.internal.DatasetSpec.IdxFile;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The files of one source on their way into the cache.
 *
 * <p><b>Nothing unverified lands in the cache.</b> Every file is streamed (and unzipped) into a
 * hidden temporary file in the cache folder while its IDX structure is checked and its SHA-256
 * computed; only when all four are whole, images and labels agree in count and every hash is the
 * known one are they moved into place with an atomic rename.
 */
final class Stage implements AutoCloseable {

    // A temporary file this old is left over from a process that died, not one being written now.
    private static final Duration STALE = Duration.ofHours(6);

    private final DatasetSpec spec;
    private final Path cacheDir;
    private final Map<IdxFile, Path> temporaries = new LinkedHashMap<>();
    private final Map<IdxFile, Idx.Scanned> scanned = new LinkedHashMap<>();

    Stage(DatasetSpec spec, Path cacheDir) {
        this.spec = spec;
        this.cacheDir = cacheDir;
    }

    /** Copies one file's content into a temporary file in the cache folder, checking it. */
    void add(IdxFile f, String name, InputStream decoded) throws DatasetException {
        Path temp;
        try {
            Files.createDirectories(cacheDir);
            // In the cache folder itself, so the final move is a rename on one file system.
            temp = Files.createTempFile(cacheDir, "." + f.name() + ".", ".part");
        } catch (IOException e) {
            throw new DatasetException(cacheDir + ": cannot write to the cache: " + e.getMessage(), e);
        }
        temporaries.put(f, temp);
        Idx.Scanned s;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
            s = Idx.scan(name, decoded, f.magic(), h -> out);
        } catch (IOException e) {
            throw new DatasetException(temp + ": cannot write to the cache: " + e.getMessage(), e);
        }
        scanned.put(f, s);
        Optional<DatasetSpec> owner = spec.otherOwnerOf(s.sha256());
        if (owner.isPresent()) {
            throw new WrongDataset(name + " is a " + owner.get().name() + " file, not " + spec.name());
        }
    }

    /** Checks the set as a whole, then moves the files into place. */
    void commit() throws DatasetException {
        List<String> missing = spec.files().stream().filter(f -> !scanned.containsKey(f)).map(IdxFile::name).toList();
        if (!missing.isEmpty()) {
            throw new DatasetException("missing " + String.join(", ", missing));
        }
        // Structure before checksums: "differ in count" says more than "checksum mismatch".
        checkPair(DatasetSpec.TRAIN_IMAGES, DatasetSpec.TRAIN_LABELS);
        checkPair(DatasetSpec.TEST_IMAGES, DatasetSpec.TEST_LABELS);
        for (IdxFile f : spec.files()) {
            Idx.Scanned s = scanned.get(f);
            if (!s.sha256().equals(f.sha256())) {
                throw new DatasetException(mismatch(s.name(), s.sha256(), f));
            }
        }
        for (IdxFile f : spec.files()) {
            Path cached = cacheDir.resolve(f.name());
            try {
                Files.move(temporaries.get(f), cached, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new DatasetException(cached + ": cannot move into the cache: " + e.getMessage(), e);
            }
            temporaries.remove(f);
        }
    }

    private void checkPair(String images, String labels) throws DatasetException {
        Idx.Scanned i = scanned.get(spec.file(images));
        Idx.Scanned l = scanned.get(spec.file(labels));
        if (i.header().count() != l.header().count()) {
            throw new DatasetException(i.name() + ", " + l.name() + ": images and labels differ in count: "
                    + i.header().count() + " images, " + l.header().count() + " labels");
        }
    }

    @Override
    public void close() {
        temporaries.values().forEach(FileHelpers::deleteQuietly);
    }

    /** The dataset's files in a folder, raw or {@code .gz}; possibly only some of them. */
    static Map<IdxFile, Path> find(DatasetSpec spec, Path dir) {
        Map<IdxFile, Path> found = new LinkedHashMap<>();
        for (IdxFile f : spec.files()) {
            for (String name : List.of(f.name(), f.name() + ".gz")) {
                if (Files.isRegularFile(dir.resolve(name))) {
                    found.put(f, dir.resolve(name));
                    break;
                }
            }
        }
        return found;
    }

    /** Stages the files {@link #find} found in a folder; an error if only some are there. */
    static void fromFolder(DatasetSpec spec, Path cacheDir, Map<IdxFile, Path> found) throws DatasetException {
        List<String> missing = spec.files().stream().filter(f -> !found.containsKey(f)).map(IdxFile::name).toList();
        if (!missing.isEmpty()) {
            Path dir = found.values().iterator().next().getParent();
            throw new DatasetException(dir + ": incomplete: has " + found.values().stream()
                    .map(p -> p.getFileName().toString()).toList() + " but not " + missing + " (raw or .gz)");
        }
        try (Stage stage = new Stage(spec, cacheDir)) {
            for (Map.Entry<IdxFile, Path> e : found.entrySet()) {
                try (InputStream in = Idx.open(e.getValue())) {
                    stage.add(e.getKey(), e.getValue().toString(), in);
                } catch (IOException x) {
                    throw new DatasetException(e.getValue() + ": cannot read: " + x.getMessage(), x);
                }
            }
            stage.commit();
        }
    }

    static String mismatch(String name, String found, IdxFile f) {
        return name + ": checksum mismatch: SHA-256 of the content is " + found + ", expected " + f.sha256()
                + " (the known " + f.name() + ")";
    }

    /** Removes the temporary files of stages that a process that died left in the cache folder. */
    static void removeStaleTemporaries(Path cacheDir) {
        if (!Files.isDirectory(cacheDir)) {
            return;
        }
        FileTime before = FileTime.from(Instant.now().minus(STALE));
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(cacheDir, ".*.part")) {
            for (Path p : parts) {
                if (Files.getLastModifiedTime(p).compareTo(before) < 0) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            // a leftover temporary file wastes space but harms nothing
        }
    }

    /** Files that belong to another known dataset: not an error, just not this source. */
    static final class WrongDataset extends DatasetException {
        private static final long serialVersionUID = 1L;

        WrongDataset(String message) {
            super(message);
        }
    }
}
