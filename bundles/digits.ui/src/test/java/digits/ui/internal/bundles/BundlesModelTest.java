package digits.ui.internal.bundles;

import static digits.ui.internal.Parts.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.ui.internal.Parts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.launch.Framework;

/** The Bundles tab's model on a real Felix framework, with a bundle installed, stopped, started and removed through it. */
class BundlesModelTest {

    @TempDir
    Path dir;
    private Framework framework;
    private BundlesModel model;
    private final Parts.Reports reports = new Parts.Reports();

    @BeforeEach
    void start() throws Exception {
        framework = new FrameworkFactory().newFramework(Map.of("org.osgi.framework.storage", dir.resolve("felix").toString(),
                "org.osgi.framework.storage.clean", "onFirstInit"));
        framework.start();
        model = new BundlesModel(framework.getBundleContext(), reports);
    }

    @AfterEach
    void stop() throws Exception {
        model.dispose();
        framework.stop();
        framework.waitForStop(10_000);
    }

    private Path tinyBundle() throws Exception {
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "test.tiny");
        a.putValue("Bundle-Version", "1.2.3");
        a.putValue("Bundle-Name", "A tiny bundle");
        Path jar = dir.resolve("tiny.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), mf)) {
            // a manifest is all a bundle needs
        }
        return jar;
    }

    private Optional<BundlesModel.Row> tiny() {
        return model.rows().stream().filter(r -> r.symbolicName().equals("test.tiny")).findFirst();
    }

    private void awaitState(String state) throws InterruptedException {
        await(() -> tiny().map(r -> r.state().equals(state)).orElse(false), () -> "test.tiny is " + tiny());
    }

    @Test
    void aBundleInstalledIsStartedListedStoppedAndRemoved() throws Exception {
        BundlesModel.Row system = model.rows().get(0);
        assertEquals(0, system.id());
        assertFalse(model.canStop(system) || model.canUninstall(system), "the framework itself stays");
        int before = model.rows().size();

        model.install(tinyBundle());
        awaitState("ACTIVE");
        BundlesModel.Row row = tiny().orElseThrow();
        assertEquals("1.2.3", row.version());
        assertEquals("A tiny bundle", row.name());
        assertEquals(before + 1, model.rows().size());
        assertTrue(model.summary().startsWith((before + 1) + " bundles, " + (before + 1) + " active."), model.summary());
        assertTrue(model.canStop(row) && !model.canStart(row));

        model.stop(row);
        awaitState("RESOLVED");
        assertTrue(model.canStart(tiny().orElseThrow()));
        model.start(tiny().orElseThrow());
        awaitState("ACTIVE");
        model.uninstall(tiny().orElseThrow());
        await(() -> tiny().isEmpty(), () -> "still listed: " + tiny());
        await(() -> reports.snapshot().size() == 4, () -> reports.snapshot().toString());
        assertEquals("message: installed and started test.tiny 1.2.3", reports.snapshot().get(0));
        assertEquals("message: uninstalled test.tiny 1.2.3", reports.snapshot().get(3));
    }

    @Test
    void aFileThatIsNoBundleIsReported() throws Exception {
        Path notABundle = Files.writeString(dir.resolve("notes.jar"), "not a jar");
        model.install(notABundle);
        await(() -> !reports.snapshot().isEmpty(), () -> "nothing reported");
        assertTrue(reports.snapshot().get(0).startsWith("error: Install bundle: "), reports.snapshot().toString());
    }
}
