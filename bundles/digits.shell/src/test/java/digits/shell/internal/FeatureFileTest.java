package digits.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What `digits:install FEATURE` reads of a feature file, on the product's own feature files. */
class FeatureFileTest {

    @TempDir
    Path dir;

    static final Path FEATURES = Path.of("../../features");

    @Test
    void readsTheExtrasFeaturesBundlesWithTheirStartOrders() throws IOException {
        FeatureFile f = FeatureFile.read(FEATURES.resolve("digits-extras.json"));
        assertEquals("digits:digits-extras:0.1.0", f.id());
        assertEquals(List.of(new FeatureFile.Entry("digits:digits.extras.ensemble:0.1.0", 6),
                new FeatureFile.Entry("digits:digits.extras.knn:0.1.0", 6),
                new FeatureFile.Entry("digits:digits.extras.amsgrad:0.1.0", 6)), f.bundles());
        assertFalse(f.classpathNeeded());
    }

    @Test
    void aFeatureWithJarsForTheClassPathSaysSo() throws IOException {
        assertTrue(FeatureFile.read(FEATURES.resolve("digits-cpu.json")).classpathNeeded());
    }

    @Test
    void badJsonIsOneLineNamingTheFileAndWhere() throws IOException {
        for (String bad : List.of("{\"id\": \"x\", \"bundles\": [\"a:b:1\",]}", "{\"id\": 'x'}", "{} trailing", "[1, 2]")) {
            Path file = Files.writeString(dir.resolve("bad.json"), bad);
            IOException e = assertThrows(IOException.class, () -> FeatureFile.read(file), bad);
            assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
        Path noId = Files.writeString(dir.resolve("no-id.json"), "{\"bundles\": [{\"start-order\": 3}]}");
        IOException e = assertThrows(IOException.class, () -> FeatureFile.read(noId));
        assertTrue(e.getMessage().contains("a bundle without an id"), e.getMessage());
    }
}
