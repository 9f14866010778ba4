package digits.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.ComputeBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A bundle that cannot start is reported with its reason and harms nothing else. */
class BrokenPluginIT {

    @Test
    void aBrokenJarInPluginsIsReportedAndTheWorkbenchKeepsRunning() throws Exception {
        try (TestWorkbench workbench = TestWorkbench.start(false)) {
            ComputeBackend backend = workbench.service(ComputeBackend.class, Duration.ofSeconds(60));
            ExtrasFixtures.dropIntoPlugins(workbench,
                    ExtrasFixtures.brokenJar(Files.createTempDirectory(Path.of("target"), "broken-")));

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
