package digits.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.ModelException;
import digits.api.ModelInspector;
import digits.api.ModelStore;
import digits.api.Selection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Bad model files give clear errors, never take the workbench down, and never leave half-written files. */
class ModelBadInputIT {

    static TestWorkbench workbench;
    static Path models;
    static Path outside;

    @BeforeAll
    static void start() throws Exception {
        models = Files.createTempDirectory(Path.of("target"), "models-");
        outside = Files.createTempDirectory(Path.of("target"), "files-");
        workbench = TestWorkbench.start(false, Map.of("digits.models", models.toString()));
    }

    @AfterAll
    static void stop() throws Exception {
        workbench.close();
    }

    static List<String> filesIn(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aCorruptModelFileIsRefusedAndNothingLandsInModels() throws Exception {
        ModelStore store = workbench.service(ModelStore.class, Duration.ofSeconds(30));
        Path corrupt = outside.resolve("corrupt.zip");
        Files.write(corrupt, new byte[] {'P', 'K', 3, 4, 1, 2, 3, 4, 5, 6, 7});
        ModelException e = assertThrows(ModelException.class, () -> store.importModel(corrupt));
        assertTrue(e.getMessage().contains("corrupt.zip") && e.getMessage().contains("not a"), e.getMessage());
        assertEquals(List.of(), filesIn(models));
    }

    @Test
    void aForeignZipIsRefused() throws Exception {
        ModelStore store = workbench.service(ModelStore.class, Duration.ofSeconds(30));
        Path foreign = outside.resolve("photos.zip");
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(foreign))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("holiday.jpg"));
            zip.write(new byte[] {1, 2, 3});
        }
        ModelException e = assertThrows(ModelException.class, () -> store.importModel(foreign));
        assertTrue(e.getMessage().contains("photos.zip is not a DL4J model"), e.getMessage());
        assertEquals(List.of(), filesIn(models));
    }

    @Test
    void aModelWithTheWrongInputShapeIsNotOfferedAndSaysWhy() throws Exception {
        // a real DL4J network, but for 100 inputs: not a 28x28 digit recognizer
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().nIn(100).nOut(20).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(20).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        Path file = outside.resolve("wide.zip");
        ModelSerializer.writeModel(net, file.toFile(), false);
        ModelStore store = workbench.service(ModelStore.class, Duration.ofSeconds(30));
        store.importModel(file); // the store checks the file format; the engine checks the shape
        ModelInspector inspector = workbench.service(ModelInspector.class, Duration.ofSeconds(30));
        ModelException e = assertThrows(ModelException.class, () -> inspector.ofModel("wide"));
        assertTrue(e.getMessage().contains("28x28"), e.getMessage());
        Selection selection = workbench.service(Selection.class, Duration.ofSeconds(30));
        assertTrue(selection.recognizers().stream().noneMatch(r -> r.id().equals("cnn:wide")),
                "a model that cannot take 28x28 inputs must not be offered as a recognizer");
        store.delete("wide");
        assertEquals(List.of(), workbench.inactiveBundles());
    }

    @Test
    void digitsModelsListsAnUnreadableModelAsUnreadableWithItsReason() throws Exception {
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(models.resolve("broken.zip")))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("configuration.json"));
            zip.putNextEntry(new java.util.zip.ZipEntry("coefficients.bin"));
        }
        Files.writeString(models.resolve("broken.json"), "{\"name\": \"broken\"}");
        try {
            String listing = workbench.command("digits:models");
            assertTrue(listing.lines().anyMatch(l -> l.matches("broken\\s+unreadable: broken.json lacks architecture, datasetId, created")),
                    listing);
            assertTrue(!listing.contains("null"), listing);
        } finally {
            Files.delete(models.resolve("broken.zip"));
            Files.delete(models.resolve("broken.json"));
        }
    }
}
