package digits.data.internal;

import digits.api.DatasetException;
import digits.data.internal.DatasetSpec.IdxFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A folder an operating-system package fills, e.g. Debian's {@code /usr/share/datasets/fashion-mnist}. */
record SystemFolderSource(DatasetSpec spec, Path dir, Path cacheDir) implements Source {

    @Override
    public String name() {
        return "folder " + dir;
    }

    @Override
    public Optional<String> provide(List<String> tried) {
        Map<IdxFile, Path> found = Stage.find(spec, dir);
        if (found.size() < spec.files().size()) {
            tried.add(name() + ": " + (found.isEmpty() ? "absent" : "incomplete"));
            return Optional.empty();
        }
        try {
            Stage.fromFolder(spec, cacheDir, found);
            return Optional.of(name());
        } catch (DatasetException e) {
            tried.add(name() + ": " + e.getMessage());
            return Optional.empty();
        }
    }
}
