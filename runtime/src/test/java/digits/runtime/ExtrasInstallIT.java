package digits.runtime;

import static digits.runtime.ExtrasFixtures.brokenJar;
import static digits.runtime.ExtrasFixtures.bundle;
import static digits.runtime.ExtrasFixtures.command;
import static digits.runtime.ExtrasFixtures.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.ComputeBackend;
import digits.api.Recognizer;
import digits.api.Selection;
import digits.api.OptimizerDescription;
import digits.runtime.ExtrasFixtures.CommandFailed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

/** digits:install and digits:uninstall on a running workbench. */
class ExtrasInstallIT {

    static TestWorkbench workbench;
    static Path scratch;

    @BeforeAll
    static void start() throws Exception {
        scratch = Files.createTempDirectory(Path.of("target"), "extras-");
        workbench = TestWorkbench.start(false, Map.of("digits.models", Files.createDirectories(scratch.resolve("models")).toString()));
    }

    @AfterAll
    static void stop() throws Exception {
        workbench.close();
    }

    @Test
    void aBrokenBundleIsReportedWithItsReasonAndHarmsNothing() throws Exception {
        ComputeBackend backend = workbench.service(ComputeBackend.class, Duration.ofSeconds(60));

        String report = command(workbench, "digits:install " + brokenJar(scratch));
        assertTrue(report.startsWith("FAILED broken.example 1.0.0"), "the report names the bundle: " + report);
        assertTrue(report.contains("no.such.package"), "and the reason, the missing package: " + report);
        assertTrue(report.endsWith("uninstalled again"), report);

        // nothing left behind, everything else still works
        assertNull(bundle(workbench, "broken.example"));
        assertEquals(List.of(), workbench.inactiveBundles());
        assertEquals(19.0, backend.selfTest()[0][0], 1e-6);
        assertTrue(command(workbench, "digits:optimizers").contains("adamax"));
    }

    @Test
    void aFeatureInstallsItsBundlesAndUninstallTakesThemAwayByNameOrId() throws Exception {
        Selection selection = workbench.service(Selection.class, Duration.ofSeconds(60));

        String report = command(workbench, "digits:install digits-extras");
        assertTrue(report.startsWith("feature digits:digits-extras:0.1.0:"), report);
        for (String name : List.of("digits.extras.ensemble", "digits.extras.knn", "digits.extras.amsgrad")) {
            assertTrue(report.contains("installed and started " + name + " 0.1.0"), report);
            assertEquals(Bundle.ACTIVE, bundle(workbench, name).getState(), name);
        }
        waitUntil(() -> recognizerIds(selection).containsAll(List.of("ensemble", "knn")), Duration.ofSeconds(10),
                "recognizers: " + recognizerIds(selection));
        waitUntil(() -> selection.optimizers().stream().anyMatch(o -> o.id().equals("amsgrad")), Duration.ofSeconds(10),
                "amsgrad not offered");

        // a second time changes nothing
        String again = command(workbench, "digits:install digits-extras");
        assertEquals(3, again.split("already active: ", -1).length - 1, again);

        Bundle knn = bundle(workbench, "digits.extras.knn");
        assertTrue(command(workbench, "digits:uninstall " + knn.getBundleId()).startsWith("uninstalled digits.extras.knn"));
        assertTrue(command(workbench, "digits:uninstall digits.extras.ensemble").startsWith("uninstalled digits.extras.ensemble"));
        assertTrue(command(workbench, "digits:uninstall digits.extras.amsgrad").startsWith("uninstalled digits.extras.amsgrad"));
        assertTrue(recognizerIds(selection).stream().noneMatch(id -> id.equals("knn") || id.equals("ensemble")));
        assertTrue(selection.optimizers().stream().map(OptimizerDescription::id).noneMatch("amsgrad"::equals));
        assertNull(bundle(workbench, "digits.extras.knn"));
        assertEquals(List.of(), workbench.inactiveBundles());
    }

    @Test
    void whatCannotBeInstalledIsRefusedWithTheReason() throws Exception {
        CommandFailed unknown = assertThrows(CommandFailed.class, () -> command(workbench, "digits:install no-such-thing"));
        assertTrue(unknown.getMessage().contains("no file and no feature named 'no-such-thing'"), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("digits-extras"), "the features are listed: " + unknown.getMessage());

        CommandFailed backend = assertThrows(CommandFailed.class, () -> command(workbench, "digits:install digits-cpu"));
        assertTrue(backend.getMessage().contains("only a launch can do"), backend.getMessage());

        CommandFailed nobody = assertThrows(CommandFailed.class, () -> command(workbench, "digits:uninstall no.such.bundle"));
        assertTrue(nobody.getMessage().contains("no bundle 'no.such.bundle'"), nobody.getMessage());
        assertThrows(CommandFailed.class, () -> command(workbench, "digits:uninstall 0"));
        assertNotNull(bundle(workbench, "digits.shell"));
    }

    private static List<String> recognizerIds(Selection selection) {
        return selection.recognizers().stream().map(Recognizer::id).toList();
    }
}
