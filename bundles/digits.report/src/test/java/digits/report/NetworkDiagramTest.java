package digits.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.LayerSummary;
import digits.api.ModelSummary;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

public class NetworkDiagramTest {

    /** The reference CNN as the engine summarises it. */
    public static final ModelSummary REFERENCE = new ModelSummary("reference", List.of(
            new LayerSummary("conv1", "Conv2D", "28x28x1", "26x26x16", "relu", 160),
            new LayerSummary("pool1", "MaxPool2D", "26x26x16", "13x13x16", "", 0),
            new LayerSummary("conv2", "Conv2D", "13x13x16", "11x11x64", "relu", 9280),
            new LayerSummary("pool2", "MaxPool2D", "11x11x64", "5x5x64", "", 0),
            new LayerSummary("dropout1", "Dropout", "5x5x64", "5x5x64", "", 0),
            new LayerSummary("dense128", "Dense", "1600", "128", "relu", 204928),
            new LayerSummary("dropout2", "Dropout", "128", "128", "", 0),
            new LayerSummary("dense64", "Dense", "128", "64", "relu", 8256),
            new LayerSummary("dropout3", "Dropout", "64", "64", "", 0),
            new LayerSummary("output", "Dense (output)", "64", "10", "softmax", 650)));

    static final ModelSummary BATCHNORM = new ModelSummary("bn", List.of(
            new LayerSummary("conv1", "Conv2D", "28x28x1", "26x26x32", "identity", 320),
            new LayerSummary("bn1", "BatchNorm", "26x26x32", "26x26x32", "relu", 128),
            new LayerSummary("pool1", "MaxPool2D", "26x26x32", "13x13x32", "", 0),
            new LayerSummary("weird", "SomethingElse", "13x13x32", "?", "", 0),
            new LayerSummary("output", "Dense (output)", "5408", "10", "softmax", 54090)));

    private final NetworkDiagram diagram = new NetworkDiagram();

    @Test
    void eachLayerIsABoxColouredByItsKind() {
        assertEquals(NetworkDiagram.Kind.CONV, NetworkDiagram.Kind.of(REFERENCE.layers().get(0)));
        assertEquals(NetworkDiagram.Kind.POOL, NetworkDiagram.Kind.of(REFERENCE.layers().get(1)));
        assertEquals(NetworkDiagram.Kind.DROPOUT, NetworkDiagram.Kind.of(REFERENCE.layers().get(4)));
        assertEquals(NetworkDiagram.Kind.DENSE, NetworkDiagram.Kind.of(REFERENCE.layers().get(5)));
        assertEquals(NetworkDiagram.Kind.OUTPUT, NetworkDiagram.Kind.of(REFERENCE.layers().get(9)));
        assertEquals(NetworkDiagram.Kind.BATCHNORM, NetworkDiagram.Kind.of(BATCHNORM.layers().get(1)));
        assertEquals(NetworkDiagram.Kind.OTHER, NetworkDiagram.Kind.of(BATCHNORM.layers().get(3)));
    }

    @Test
    void theSvgIsAWellFormedDocumentWithThreeFacesPerBlockAndALegend() throws Exception {
        String svg = diagram.svg(REFERENCE);
        Document doc = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", doc.getDocumentElement().getTagName());
        assertTrue(Integer.parseInt(doc.getDocumentElement().getAttribute("width")) > 600);
        NodeList polygons = doc.getElementsByTagName("polygon");
        // 11 blocks (input + 10 layers) of 3 faces, and a swatch per kind: input, conv, pool, dropout, dense, output
        assertEquals(11 * 3 + 6, polygons.getLength());
        Set<String> texts = new HashSet<>();
        NodeList t = doc.getElementsByTagName("text");
        for (int i = 0; i < t.getLength(); i++) {
            texts.add(t.item(i).getTextContent());
        }
        assertTrue(texts.containsAll(List.of("conv1", "26x26x16", "dense128", "204,928 params", "Conv2D", "MaxPool2D",
                "Dropout", "Dense", "Dense (output)", "Input")), texts.toString());
        assertTrue(texts.stream().anyMatch(s -> s.contains("223,274 parameters")), texts.toString());
    }

    @Test
    void thePngShowsTheSameDrawingOnAWhiteBackground() throws Exception {
        BufferedImage image = diagram.png(REFERENCE);
        assertTrue(image.getWidth() > 600 && image.getHeight() > 200, image.getWidth() + "x" + image.getHeight());
        // the conv blocks' blue is there
        assertTrue(count(image, 0x4e79a7) > 500, "conv blue pixels");
        assertTrue(count(image, 0xe15759) > 50, "output red pixels");
        assertEquals(0xffffff, image.getRGB(2, 2) & 0xffffff);
        BufferedImage doubled = diagram.png(REFERENCE, 2);
        assertEquals(image.getWidth() * 2, doubled.getWidth(), 2);
        byte[] png = diagram.pngBytes(BATCHNORM, 1);
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(png));
        assertTrue(count(back, 0xedc948) > 50, "batch norm yellow pixels");

        Path samples = Files.createDirectories(Path.of("target/samples"));
        ImageIO.write(diagram.png(REFERENCE, 2), "png", samples.resolve("reference-diagram.png").toFile());
        Files.writeString(samples.resolve("reference-diagram.svg"), diagram.svg(REFERENCE));
        Files.write(samples.resolve("bn-diagram.png"), png);
    }

    @Test
    void anEmptyOrOddSummaryStillDraws() {
        assertTrue(diagram.png(new ModelSummary(null, List.of())).getWidth() > 0);
        assertTrue(diagram.svg(new ModelSummary("x<&>", List.of(new LayerSummary("a\"b", null, null, "0x-3", null, 0))))
                .contains("x&lt;&amp;&gt;"));
    }

    private static int count(BufferedImage image, int rgb) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }
}
