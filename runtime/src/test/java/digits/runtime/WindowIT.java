package digits.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.runtime.window.WorkbenchWindow;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The workbench with its SWT window, under Xvfb in CI. */
class WindowIT {

    @Test
    void theWorkbenchOpensAWindowAndAScreenshotShowsIt() throws Exception {
        try (TestWorkbench workbench = TestWorkbench.start(true)) {
            WorkbenchWindow window = workbench.service(WorkbenchWindow.class, Duration.ofSeconds(90));
            assertEquals("Digit Workbench", window.title());
            assertEquals(java.util.List.of("Draw", "Train", "Evaluate", "Models", "Bundles"), window.tabs());
            Path png = Files.createDirectories(Path.of("target/screenshots")).resolve("workbench-window.png");
            window.screenshot(png);
            BufferedImage image = ImageIO.read(png.toFile());
            assertTrue(image.getWidth() >= 800 && image.getHeight() >= 600,
                    "screenshot is " + image.getWidth() + "x" + image.getHeight());
            assertEquals(java.util.List.of(), workbench.inactiveBundles());
            // the window is active and holds the data bundle's drawing store (an API service)
            java.util.Map<String, Integer> components = workbench.componentStates();
            assertEquals(8, components.get("digits.ui.internal.WorkbenchUi"), components.toString());
            assertEquals(8, components.get("digits.data.internal.FolderDrawingStore"), components.toString());
        }
    }
}
