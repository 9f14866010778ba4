package digits.extras.knn.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.DatasetException;
import digits.api.DatasetProvider;
import digits.api.LabelledImages;
import digits.api.Prediction;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class KnnRecognizerTest {

    /** A dataset whose training images arrive only when the test lets them. */
    static final class SlowDataset implements DatasetProvider {
        final CountDownLatch release = new CountDownLatch(1);
        volatile int loads;

        public String id() {
            return "mnist";
        }

        public String description() {
            return "bars";
        }

        public List<String> classNames() {
            return List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        }

        public LabelledImages train() throws DatasetException {
            loads++;
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new DatasetException("interrupted");
            }
            return KnnIndexTest.bars();
        }

        public LabelledImages test() {
            throw new UnsupportedOperationException();
        }

        public String checksum() {
            return "";
        }

        public String provision() {
            return "test";
        }
    }

    @Test
    void activationDoesNotWaitForTheImagesButARecognitionDoes() throws Exception {
        KnnRecognizer knn = new KnnRecognizer();
        SlowDataset dataset = new SlowDataset();
        knn.setDataset(dataset);
        assertTimeoutPreemptively(Duration.ofSeconds(2), knn::activate);

        CompletableFuture<Prediction> waiting = CompletableFuture.supplyAsync(() -> knn.recognize(KnnIndexTest.bar(7)));
        Thread.sleep(200);
        assertTrue(!waiting.isDone(), "answered before the index was built");
        dataset.release.countDown();
        Prediction p = waiting.get(10, TimeUnit.SECONDS);
        assertEquals(7, p.best().label());
        assertEquals("knn", p.recognizerId());
        assertEquals(1, dataset.loads, "one build, however many callers");

        knn.unsetDataset(dataset);
        assertEquals(3, knn.recognize(KnnIndexTest.bar(3)).best().label(), "the index outlives the dataset service");
        knn.deactivate();
    }

    @Test
    void withoutTheDatasetItSaysWhatIsMissing() {
        KnnRecognizer knn = new KnnRecognizer();
        knn.activate();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> knn.recognize(KnnIndexTest.bar(1)));
        assertTrue(e.getMessage().contains("mnist dataset"), e.getMessage());
        knn.deactivate();
    }
}
