package digits.runtime;

import static digits.runtime.ExtrasFixtures.dropIntoPlugins;
import static digits.runtime.ExtrasFixtures.jar;
import static digits.runtime.ExtrasFixtures.waitUntil;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.GrayImage;
import digits.api.LabelledImages;
import digits.api.Prediction;
import digits.api.Recognizer;
import digits.api.Selection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Recognizers added to and taken from a running workbench through its plugins folder. */
class ExtrasRecognizersIT {

    @Test
    void droppingTheEnsembleIntoPluginsOffersItAndDeletingItFallsBack() throws Exception {
        // An empty model store: the recognizers present are exactly the ones this test adds.
        Path models = Files.createTempDirectory(Path.of("target"), "models-");
        try (TestWorkbench workbench = TestWorkbench.start(false, Map.of("digits.models", models.toString()))) {
            Selection selection = workbench.service(Selection.class, Duration.ofSeconds(60));
            List<String> messages = new CopyOnWriteArrayList<>();
            selection.addListener(messages::add);
            assertTrue(find(selection, "ensemble").isEmpty() && find(selection, "knn").isEmpty(), ids(selection).toString());

            dropIntoPlugins(workbench, jar("digits.extras.knn"));
            Path ensembleJar = dropIntoPlugins(workbench, jar("digits.extras.ensemble"));
            // FileInstall polls every second; then the bundles start and SCR registers the services.
            waitUntil(() -> ids(selection).containsAll(List.of("ensemble", "knn")), Duration.ofSeconds(20),
                    "ensemble and knn not offered: " + ids(selection) + "; bundles: " + workbench.bundleStates());

            selection.useRecognizer("ensemble");
            Recognizer ensemble = selection.activeRecognizer().orElseThrow();
            assertEquals("ensemble", ensemble.id());
            assertTrue(ensemble.description().contains("knn"), ensemble.description());

            LabelledImages test = ExtrasFixtures.mnist(workbench).test();
            GrayImage seven = test.image(0);
            assertEquals(7, test.label(0));
            Prediction p = ensemble.recognize(seven); // waits for knn's index on the first call
            assertEquals("ensemble", p.recognizerId());
            assertEquals(7, p.best().label(), p.toString());
            // the mean of every other recognizer (with the empty model store: knn alone)
            float[] mean = new float[10];
            List<Recognizer> others = selection.recognizers().stream().filter(r -> !r.id().equals("ensemble")).toList();
            for (Recognizer r : others) {
                float[] q = r.recognize(seven).probabilities();
                for (int i = 0; i < 10; i++) {
                    mean[i] += q[i] / others.size();
                }
            }
            assertArrayEquals(mean, p.probabilities(), 1e-5f);

            Files.delete(ensembleJar);
            waitUntil(() -> find(selection, "ensemble").isEmpty(), Duration.ofSeconds(20),
                    "ensemble still offered after its jar was deleted");
            String now = selection.activeRecognizer().map(Recognizer::id).orElse("none");
            assertTrue(!now.equals("ensemble") && !now.equals("none"), now);
            // The selection tells its listeners after the service has left its list: wait for it.
            String fallback = "recognizer ensemble went away; now using " + now;
            waitUntil(() -> messages.contains(fallback), Duration.ofSeconds(5),
                    "no '" + fallback + "' among " + messages);
            // FileInstall uninstalls the deleted jar's bundle after its services left: a STOPPING
            // bundle is on its way out, every other bundle must stay ACTIVE.
            waitUntil(() -> workbench.inactiveBundles().isEmpty(), Duration.ofSeconds(10),
                    "bundles not ACTIVE: " + workbench.inactiveBundles());
        }
    }

    private static List<String> ids(Selection selection) {
        return selection.recognizers().stream().map(Recognizer::id).sorted().toList();
    }

    private static Optional<Recognizer> find(Selection selection, String id) {
        return selection.recognizers().stream().filter(r -> r.id().equals(id)).findFirst();
    }
}
