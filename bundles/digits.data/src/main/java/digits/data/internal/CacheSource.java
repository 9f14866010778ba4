package digits.data.internal;

import digits.api.DatasetException;
import digits.data.internal.DatasetSpec.IdxFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The cache: {@code ROOT/NAME/} with the four files <em>uncompressed</em> under their canonical
 * names, whatever form the source had: raw files load without unzipping 47 MB on every start, and
 * the known SHA-256 values are of the raw content, so the cache verifies against them directly.
 * Cached files are verified again on first use in a process; a bad one is removed and the next
 * source tried.
 */
record CacheSource(DatasetSpec spec, Path dir) implements Source {

    /** Whether all four files are there (not yet verified). */
    boolean complete() {
        return spec.files().stream().allMatch(f -> Files.isRegularFile(dir.resolve(f.name())));
    }

    @Override
    public String name() {
        return "cache " + dir;
    }

    @Override
    public Optional<String> provide(List<String> tried) {
        if (!complete()) {
            tried.add(name() + ": " + (Files.isDirectory(dir) ? "incomplete" : "empty"));
            return Optional.empty();
        }
        List<String> bad = new ArrayList<>();
        for (IdxFile f : spec.files()) {
            Path file = dir.resolve(f.name());
            try {
                Idx.Scanned s = Idx.check(file, f.magic());
                if (!s.sha256().equals(f.sha256())) {
                    bad.add(Stage.mismatch(file.toString(), s.sha256(), f));
                    Files.deleteIfExists(file);
                }
            } catch (DatasetException e) {
                bad.add(e.getMessage());
                FileHelpers.deleteQuietly(file);
            } catch (IOException e) {
                bad.add(file + ": cannot remove: " + e.getMessage());
            }
        }
        if (!bad.isEmpty()) {
            tried.add(name() + ": removed bad files: " + String.join(", ", bad));
            return Optional.empty();
        }
        return Optional.of(name());
    }
}
