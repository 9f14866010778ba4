package digits.data.internal;

import digits.api.DatasetException;
import digits.data.internal.DatasetSpec.IdxFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The folder the user names ({@code ./digits --data DIR}): {@code DIR/NAME/} or {@code DIR/} itself.
 * Files there that are present but wrong are an error, not skipped: the user asked for them. (Files
 * of another known dataset are skipped, so one folder can serve MNIST to the one provider while
 * the other looks elsewhere.) {@code folder} is {@code null} when the user names none.
 */
record UserFolderSource(DatasetSpec spec, Path folder, Path cacheDir) implements Source {

    @Override
    public String name() {
        return folder == null ? "folder" : "folder " + folder;
    }

    @Override
    public Optional<String> provide(List<String> tried) throws DatasetException {
        if (folder == null) {
            tried.add(name() + ": none named (" + Provisioner.DATA_PROPERTY + ")");
            return Optional.empty();
        }
        for (Path dir : List.of(folder.resolve(spec.name()), folder)) {
            Map<IdxFile, Path> found = Stage.find(spec, dir);
            if (found.isEmpty()) {
                continue;
            }
            try {
                Stage.fromFolder(spec, cacheDir, found);
                return Optional.of("folder " + dir);
            } catch (Stage.WrongDataset e) {
                tried.add("folder " + dir + ": " + e.getMessage());
            }
        }
        tried.add(name() + ": no " + spec.name() + " IDX files");
        return Optional.empty();
    }
}
