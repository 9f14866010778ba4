package digits.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.LayerSummary;
import digits.api.ModelInspector;
import digits.api.ModelSummary;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

/** The network as the model-insight views show it: the engine's summary and the report bundle's diagram. */
class ReportSummaryIT {

    @Test
    void theReferenceCnnIsSummarisedLayerByLayerWithItsShapesAndParameterCounts() throws Exception {
        Path models = Files.createTempDirectory(Path.of("target"), "models-");
        try (TestWorkbench workbench = TestWorkbench.start(false, Map.of("digits.models", models.toString()))) {
            ModelInspector inspector = workbench.service(ModelInspector.class, Duration.ofSeconds(90));
            ModelSummary summary = inspector.ofArchitecture("reference");

            // The reference Keras model's summary: 3x3 valid convolutions take 28 to 26 and 13 to 11,
            // 2x2 pools halve (rounding down: 11 -> 5); a convolution has 3*3*in*out + out
            // parameters, a dense layer in*out + out; pools and dropouts have none.
            List<String> expected = List.of(
                    "conv1 Conv2D 28x28x1 -> 26x26x16 relu 160",
                    "pool1 MaxPool2D 26x26x16 -> 13x13x16  0",
                    "conv2 Conv2D 13x13x16 -> 11x11x64 relu 9280",
                    "pool2 MaxPool2D 11x11x64 -> 5x5x64  0",
                    "dropout1 Dropout 5x5x64 -> 5x5x64  0",
                    "dense128 Dense 1600 -> 128 relu 204928",
                    "dropout2 Dropout 128 -> 128  0",
                    "dense64 Dense 128 -> 64 relu 8256",
                    "dropout3 Dropout 64 -> 64  0",
                    "output Dense (output) 64 -> 10 softmax 650");
            assertEquals(expected, summary.layers().stream().map(ReportSummaryIT::line).toList());
            assertEquals(223_274, summary.totalParameters());
            assertEquals("reference", summary.architecture());

            // The diagram draws inside the framework (the report bundle's AWT and ImageIO imports
            // resolve): one box per layer plus the input, with its legend.
            Bundle report = bundle(workbench, "digits.report");
            Object diagram = report.loadClass("digits.report.NetworkDiagram").getConstructor().newInstance();
            BufferedImage png = (BufferedImage) diagram.getClass().getMethod("png", ModelSummary.class, double.class)
                    .invoke(diagram, summary, 2.0);
            String svg = (String) diagram.getClass().getMethod("svg", ModelSummary.class).invoke(diagram, summary);
            assertTrue(png.getWidth() > 1000 && png.getHeight() > 400, png.getWidth() + "x" + png.getHeight());
            assertEquals(11 * 3 + 6, svg.split("<polygon ", -1).length - 1, "3 faces per block, 6 legend swatches");
            assertTrue(svg.contains(">204,928 params<") && svg.contains(">Dense (output)<"), svg);
            Path screenshots = Files.createDirectories(Path.of("target/screenshots"));
            ImageIO.write(png, "png", screenshots.resolve("reference-diagram.png").toFile());
            Files.writeString(screenshots.resolve("reference-diagram.svg"), svg);
        }
    }

    private static String line(LayerSummary l) {
        return l.name() + " " + l.type() + " " + l.inputShape() + " -> " + l.outputShape() + " " + l.activation() + " "
                + l.parameters();
    }

    static Bundle bundle(TestWorkbench workbench, String symbolicName) {
        for (Bundle b : workbench.context().getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                assertEquals(Bundle.ACTIVE, b.getState(), symbolicName + " is not active: " + workbench.bundleStates());
                return b;
            }
        }
        assertNotNull(null, "no bundle " + symbolicName + ": " + workbench.bundleStates());
        return null;
    }
}
