package digits.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.ComputeBackend;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/** A bundle that cannot start is reported with its reason and harms nothing else. */
class BrokenPluginIT {

    @Test
    void aBrokenJarInPluginsIsReportedAndTheWorkbenchKeepsRunning() throws Exception {
        try (TestWorkbench workbench = TestWorkbench.start(false)) {
            ComputeBackend backend = workbench.service(ComputeBackend.class, Duration.ofSeconds(60));
            Path jar = workbench.plugins.resolve("broken.jar");
            Manifest mf = new Manifest();
            Attributes a = mf.getMainAttributes();
            a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
            a.putValue("Bundle-ManifestVersion", "2");
            a.putValue("Bundle-SymbolicName", "broken.example");
            a.putValue("Bundle-Version", "1.0.0");
            a.putValue("Import-Package", "no.such.package;version=\"[1,2)\"");
            Path tmp = workbench.plugins.resolveSibling("broken.tmp");
            try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream j = new JarOutputStream(out, mf)) {
                j.flush();
            }
            Files.move(tmp, jar); // appears whole, as a user's copy would

            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (Workbench.problems().stream().noneMatch(p -> p.contains("broken.example"))) {
                assertTrue(System.nanoTime() < deadline, "no report within 30 s: " + Workbench.problems());
                Thread.sleep(100);
            }
            String report = Workbench.problems().stream().filter(p -> p.contains("broken.example")).findFirst().get();
            assertTrue(report.contains("no.such.package"), "the reason names the missing package: " + report);

            // everything else still works
            assertEquals(java.util.List.of("broken.example 2"), workbench.inactiveBundles());
            assertEquals(19.0, backend.selfTest()[0][0], 1e-6);
        }
    }
}
