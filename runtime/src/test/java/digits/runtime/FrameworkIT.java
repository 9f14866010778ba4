package digits.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.BackendInfo;
import digits.api.ComputeBackend;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The headless workbench on a real Felix framework with the built bundles. */
class FrameworkIT {

    static TestWorkbench workbench;

    @BeforeAll
    static void start() throws Exception {
        workbench = TestWorkbench.start(false);
    }

    @AfterAll
    static void stop() throws Exception {
        workbench.close();
    }

    @Test
    void everyBundleIsActiveAndEveryComponentSatisfied() throws Exception {
        workbench.service(ComputeBackend.class, Duration.ofSeconds(60));
        assertEquals(java.util.List.of(), workbench.inactiveBundles(), "bundles not ACTIVE");
        Map<String, Integer> components = workbench.componentStates();
        assertTrue(components.size() >= 2, "components found: " + components);
        components.forEach((name, state) -> assertTrue(state >= 4, name + " is not satisfied (state " + state + ")"));
        assertEquals(java.util.List.of(), Workbench.problems());
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
