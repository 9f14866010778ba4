package digits.runtime;

import static digits.runtime.UiFixtures.await;
import static digits.runtime.UiFixtures.screenshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.runtime.window.WorkbenchWindow;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The Bundles tab shows the framework as it is and changes it while the window stays open. */
class UiBundlesIT {

    @Test
    void stoppingABundleTakesItsServicesOutOfTheWindowAndStartingItBringsThemBack() throws Exception {
        try (TestWorkbench workbench = TestWorkbench.start(true)) {
            WorkbenchWindow window = UiFixtures.window(workbench);
            window.selectTab("Train");
            await(Duration.ofSeconds(60), () -> window.isButtonEnabled("Start"), window::statusText);
            assertEquals("adamax", window.field("Optimizer"));

            window.selectTab("Bundles");
            assertTrue(window.tableRows().stream().anyMatch(r -> r.contains("ACTIVE | digits.ui |")),
                    window.tableRows().toString());
            window.selectTableRow("| digits.optimizers |");
            window.clickButton("Stop");
            await(Duration.ofSeconds(20), () -> window.tableRows().stream()
                    .anyMatch(r -> r.contains("RESOLVED | digits.optimizers |")), () -> window.tableRows().toString());
            screenshot(window, "bundles");

            // every optimizer went with the bundle: the Train tab cannot start a run
            window.selectTab("Train");
            await(Duration.ofSeconds(10), () -> !window.isButtonEnabled("Start"), window::statusText);
            assertEquals("", window.field("Optimizer"));
            assertTrue(window.statusText().contains("Optimizer: none"), window.statusText());

            window.selectTab("Bundles");
            window.selectTableRow("| digits.optimizers |");
            window.clickButton("Start");
            window.selectTab("Train");
            await(Duration.ofSeconds(20), () -> window.isButtonEnabled("Start"), window::statusText);
            assertEquals("adamax", window.field("Optimizer"), "the preferred optimizer is back");
        }
    }
}
