package digits.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API's shape as the built bundles' manifests (bnd's Import-Package) show it: only the engines
 * and the optimizers see the engine SPI and ND4J; everyone else works through the contract-only
 * {@code digits.api}.
 */
class BundleImportsTest {

    /** The engine SPI's users: the engine runs the updaters, the optimizer bundles make them. */
    static final Set<String> ENGINE_SPI_USERS = Set.of("digits.engine", "digits.optimizers", "digits.extras.amsgrad");

    /** Bundles that may touch DL4J/ND4J: the SPI's users, the cuDNN engine, and digits.api for its SPI package. */
    static final Set<String> DL4J_USERS = Set.of("digits.engine", "digits.engine.cudnn", "digits.optimizers",
            "digits.extras.amsgrad", "digits.api");

    static final List<String> DL4J_PACKAGES = List.of("org.nd4j", "org.deeplearning4j", "org.bytedeco");

    /** Every digits bundle the runtime's repository holds, by symbolic name, with its imported packages. */
    static final Map<String, Set<String>> IMPORTS = new TreeMap<>();

    @BeforeAll
    static void readManifests() throws IOException {
        Path repository = Path.of("target/repository/digits");
        try (Stream<Path> jars = Files.walk(repository)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                try (JarFile f = new JarFile(jar.toFile())) {
                    var main = f.getManifest().getMainAttributes();
                    String imports = main.getValue("Import-Package");
                    IMPORTS.put(main.getValue("Bundle-SymbolicName"),
                            imports == null ? Set.of() : SystemPackages.exportedVersions(imports).keySet());
                }
            }
        }
        // the repository is copied at process-test-resources; fewer bundles means the walk found the wrong place
        assertTrue(IMPORTS.size() >= 15, "bundles found in " + repository.toAbsolutePath() + ": " + IMPORTS.keySet());
    }

    @Test
    void noBundleButTheEnginesAndOptimizersImportsTheEngineSpi() {
        List<String> importers = IMPORTS.entrySet().stream()
                .filter(e -> e.getValue().contains("digits.api.engine")).map(Map.Entry::getKey).toList();
        assertEquals(ENGINE_SPI_USERS, Set.copyOf(importers), "bundles importing digits.api.engine");
    }

    @Test
    void noBundleOutsideTheEnginesAndOptimizersImportsDl4jOrNd4j() {
        List<String> offenders = new ArrayList<>();
        IMPORTS.forEach((bundle, packages) -> {
            if (!DL4J_USERS.contains(bundle)) {
                packages.stream().filter(p -> DL4J_PACKAGES.stream().anyMatch(p::startsWith))
                        .forEach(p -> offenders.add(bundle + " imports " + p));
            }
        });
        assertEquals(List.of(), offenders);
    }

    /** The class files themselves, so a type used only in a signature or a constant is caught too. */
    @Test
    void digitsApiNamesNoNd4jTypeOutsideItsEngineSpi() throws IOException {
        Path jar;
        try (Stream<Path> jars = Files.list(Path.of("target/repository/digits/digits.api/0.1.0"))) {
            jar = jars.filter(p -> p.toString().endsWith(".jar")).findFirst().orElseThrow();
        }
        List<String> offenders = new ArrayList<>();
        int classes = 0;
        try (JarFile f = new JarFile(jar.toFile())) {
            for (JarEntry e : f.stream().toList()) {
                String name = e.getName();
                if (name.endsWith(".class") && name.startsWith("digits/api/") && !name.startsWith("digits/api/engine/")) {
                    classes++;
                    try (InputStream in = f.getInputStream(e)) {
                        String constants = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                        if (DL4J_PACKAGES.stream().anyMatch(p -> constants.contains(p.replace('.', '/')))) {
                            offenders.add(name);
                        }
                    }
                }
            }
        }
        assertTrue(classes > 30, "classes of digits.api read: " + classes);
        assertEquals(List.of(), offenders, "digits.api classes naming an ND4J/DL4J type");
    }
}
