package digits.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.feature.ID;

/**
 * Finds the jars features name, in Maven's layout: first the build's own copy
 * ({@code runtime/target/repository}, a release's {@code lib/repository}), then, in a source
 * checkout, the user's Maven repository.
 */
final class ArtifactRepository {

    private final List<Path> roots;
    private final Path classpathFile;

    ArtifactRepository(List<Path> roots, Path classpathFile) {
        this.roots = roots;
        this.classpathFile = classpathFile;
    }

    static ArtifactRepository standard(Layout layout) {
        Path m2 = Path.of(System.getProperty("user.home"), ".m2", "repository");
        List<Path> roots = layout.release() ? List.of(layout.repository()) : List.of(layout.repository(), m2);
        return new ArtifactRepository(roots, layout.classpathFile());
    }

    Path resolve(ID id) throws LaunchException {
        String rel = LaunchPlan.relativePath(id);
        for (Path root : roots) {
            Path p = root.resolve(rel);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new LaunchException("artifact " + id + " not found (looked in " + roots
                + "); build the workbench first: mvn -q install -DskipTests");
    }

    boolean has(ID id) {
        String rel = LaunchPlan.relativePath(id);
        return roots.stream().anyMatch(r -> Files.isRegularFile(r.resolve(rel)));
    }

    /** Felix, logging and DL4J without a backend, as the build wrote them down. */
    List<Path> frameworkClasspath() throws LaunchException {
        if (!Files.isRegularFile(classpathFile)) {
            throw new LaunchException(classpathFile + " is missing; build the workbench first: mvn -q install -DskipTests");
        }
        try {
            String text = Files.readString(classpathFile).trim();
            List<Path> out = new ArrayList<>();
            for (String entry : text.split(java.io.File.pathSeparator)) {
                if (!entry.isBlank()) {
                    out.add(roots.get(0).resolve(entry.replace("$REPO/", "").replace("$REPO", "")));
                }
            }
            return out;
        } catch (IOException e) {
            throw new LaunchException("cannot read " + classpathFile, e);
        }
    }
}
