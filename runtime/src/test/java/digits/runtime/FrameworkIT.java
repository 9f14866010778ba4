package digits.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.BackendInfo;
import digits.api.ComputeBackend;
import digits.api.OptimizerDescription;
import digits.api.Preprocessor;
import digits.api.Selection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/** The headless workbench on a real Felix framework with the built bundles. */
class FrameworkIT {

    static TestWorkbench workbench;
    static final int ACTIVE = 8;
    /** The components of the headless workbench's bundles (others may add more). */
    static final List<String> CORE_COMPONENTS = List.of(
            "digits.data.internal.FolderDrawingStore", "digits.data.internal.DataCommands", "digits.data.internal.DrawingsDataset",
            "digits.data.internal.FashionMnistDataset", "digits.data.internal.MnistDataset",
            "digits.engine.internal.RecognizerEvaluator", "digits.engine.internal.Dl4jTrainer",
            "digits.engine.internal.ModelRecognizers", "digits.engine.internal.Nd4jBackend",
            "digits.models.internal.FileModelStore",
            "digits.optimizers.internal.AdamOptimizer", "digits.optimizers.internal.AdamaxOptimizer",
            "digits.optimizers.internal.NesterovOptimizer", "digits.optimizers.internal.RmsPropOptimizer",
            "digits.preprocess.internal.MnistPreprocessor", "digits.preprocess.internal.ReferencePreprocessor",
            "digits.report.internal.HtmlReportWriter", "digits.report.internal.ReportCommand",
            "digits.selection.internal.ServiceSelection", "digits.shell.internal.BundleCommands",
            "digits.shell.internal.DigitsCommands");

    @BeforeAll
    static void start() throws Exception {
        workbench = TestWorkbench.start(false);
    }

    @AfterAll
    static void stop() throws Exception {
        workbench.close();
    }

    @Test
    void everyBundleIsActiveAndEveryComponentActivates() throws Exception {
        workbench.service(ComputeBackend.class, Duration.ofSeconds(60));
        assertEquals(java.util.List.of(), workbench.inactiveBundles(), "bundles not ACTIVE");
        // Most components are delayed: SCR activates one when its service is first got, so a
        // component whose activation throws looks SATISFIED until then. Get every service the
        // workbench's bundles offer, then every component must be ACTIVE.
        BundleContext context = workbench.context();
        for (Bundle b : context.getBundles()) {
            ServiceReference<?>[] offered = b.getSymbolicName().startsWith("digits.") ? b.getRegisteredServices() : null;
            for (ServiceReference<?> ref : offered == null ? new ServiceReference<?>[0] : offered) {
                assertNotNull(context.getService(ref), "the service " + ref + " of " + b.getSymbolicName()
                        + " could not be activated; problems: " + Workbench.problems());
            }
        }
        Map<String, Integer> components = workbench.componentStates();
        assertTrue(components.keySet().containsAll(CORE_COMPONENTS), "missing: "
                + CORE_COMPONENTS.stream().filter(c -> !components.containsKey(c)).toList());
        // ServiceComponentRuntime's ComponentConfigurationDTO: ACTIVE 8; SATISFIED 4 would be a
        // component never activated, 16 FAILED_ACTIVATION (its activate method threw), 1 and 2
        // unsatisfied
        components.forEach((name, state) -> assertEquals(ACTIVE, state, name + " is not active"));
        assertEquals(java.util.List.of(), Workbench.problems());
    }

    @Test
    void theSelectionPrefersTheConfiguredPreprocessorAndHandsOutOptimizerDescriptions() throws Exception {
        Selection selection = workbench.service(Selection.class, Duration.ofSeconds(60));
        assertEquals("mnist", selection.activePreprocessor().map(Preprocessor::id).orElse("none"));
        assertEquals(List.of("mnist", "reference"), selection.preprocessors().stream().map(Preprocessor::id).toList());
        assertEquals("adamax", selection.activeOptimizer().map(OptimizerDescription::id).orElse("none"));
    }

    @Test
    void engineReportsTheCpuBackendAndRunsNd4jInsideABundle() throws Exception {
        ComputeBackend backend = workbench.service(ComputeBackend.class, Duration.ofSeconds(60));
        BackendInfo info = backend.info();
        assertEquals("CPU", info.backend());
        assertTrue(info.threads() >= 1, info.summary());
        assertTrue(info.offHeapLimit() > 0, info.summary());
        // The fast path: the oneDNN build of nd4j-native with DL4J's layer helpers switched on
        // (without either, training runs about 2.5x slower; BENCHMARKS.md).
        assertTrue(info.library().contains("-onednn-") && info.library().endsWith("layer helpers on"), info.library());
        // [[1,2],[3,4]] x [[5,6],[7,8]], computed by ND4J's native code called from the engine bundle
        double[][] product = backend.selfTest();
        assertArrayEquals(new double[] {19, 22}, product[0], 1e-6);
        assertArrayEquals(new double[] {43, 50}, product[1], 1e-6);
    }
}
