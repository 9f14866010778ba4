package digits.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.GrayImage;
import digits.api.Prediction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped model's recognizer under concurrent calls: batched, answered alike, and never held back. */
class CnnRecognizerTest {

    static List<GrayImage> images;
    static ExecutorService pool;

    @BeforeAll
    static void setUp() throws Exception {
        images = ShippedModel.testImages().subList(0, 256);
        pool = Executors.newFixedThreadPool(16);
    }

    @AfterAll
    static void tearDown() {
        pool.shutdownNow();
    }

    @Test
    void concurrentCallsAreBatchedAndAnsweredAsOneByOne() throws Exception {
        CnnRecognizer alone = ShippedModel.recognizer(new CnnRecognizer.Batching(64, 0));
        List<float[]> expected = new ArrayList<>();
        for (GrayImage g : images) {
            expected.add(alone.recognize(g).probabilities());
        }
        // A window of 2 ms lets the 16 callers' requests meet in batches.
        CnnRecognizer batched = ShippedModel.recognizer(new CnnRecognizer.Batching(64, 2_000));
        List<Future<List<Prediction>>> perThread = new ArrayList<>();
        int share = images.size() / 16;
        for (int t = 0; t < 16; t++) {
            List<GrayImage> mine = images.subList(t * share, (t + 1) * share);
            perThread.add(pool.submit(() -> mine.stream().map(batched::recognize).toList()));
        }
        List<Prediction> concurrent = new ArrayList<>();
        for (Future<List<Prediction>> f : perThread) {
            concurrent.addAll(f.get());
        }
        List<Prediction> all = batched.recognizeAll(images);
        DynamicBatcher<?, ?> b = batched.batcher();
        assertTrue(b.batches() < images.size() / 4,
                b.batches() + " forward passes for " + images.size() + " concurrent single calls: not batched");
        for (int i = 0; i < images.size(); i++) {
            assertSame(expected.get(i), concurrent.get(i).probabilities(), "image " + i + ", concurrent calls");
            assertSame(expected.get(i), all.get(i).probabilities(), "image " + i + ", one call of all");
            assertEquals("cnn:default", concurrent.get(i).recognizerId());
        }
    }

    /** The same probabilities up to float rounding, which differs with the batch size in oneDNN's kernels. */
    static void assertSame(float[] expected, float[] actual, String what) {
        for (int k = 0; k < 10; k++) {
            assertEquals(expected[k], actual[k], 1e-5, what + ": " + Arrays.toString(actual));
        }
    }

    @Test
    void aRequestArrivingAloneAnswersWithinTheWindowPlusOneForwardPass() throws Exception {
        long window = 400;
        CnnRecognizer r = ShippedModel.recognizer(new CnnRecognizer.Batching(64, window * 1000));
        CnnRecognizer unbatched = ShippedModel.recognizer(new CnnRecognizer.Batching(64, 0));
        long[] pass = new long[21];
        for (int i = 0; i < pass.length; i++) {
            long t = System.nanoTime();
            unbatched.recognize(images.get(i));
            pass[i] = System.nanoTime() - t;
        }
        Arrays.sort(pass);
        double forwardMs = pass[pass.length / 2] / 1e6;
        r.recognize(images.get(0)); // the first pass sizes the workspaces
        long t = System.nanoTime();
        r.recognize(images.get(1));
        double ms = (System.nanoTime() - t) / 1e6;
        assertTrue(ms >= window, "answered in " + ms + " ms: the " + window + " ms window did not apply");
        // The bound is the window plus one forward pass; the margin (10 passes and 100 ms) is for
        // a loaded machine, far below a second window.
        assertTrue(ms <= window + 10 * forwardMs + 100, "answered in " + ms + " ms; one forward pass takes " + forwardMs
                + " ms, the window is " + window + " ms");
    }

    @Test
    void aFullBatchStartsWithoutWaitingForTheWindow() throws Exception {
        CnnRecognizer r = ShippedModel.recognizer(new CnnRecognizer.Batching(8, 60_000_000));
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            List<Future<Prediction>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                GrayImage g = images.get(i);
                calls.add(pool.submit(() -> r.recognize(g)));
            }
            for (Future<Prediction> f : calls) {
                f.get();
            }
        }, "eight calls filled the batch of eight, yet waited for the 60 s window");
    }

    @Test
    void aLargeCallAloneRunsOnEveryLane() throws Exception {
        CnnRecognizer r = ShippedModel.recognizer(new CnnRecognizer.Batching(8, 0, 2));
        List<GrayImage> many = images.subList(0, 128);
        List<Prediction> all = r.recognizeAll(many);
        assertEquals(2, r.batcher().lanesUsed(), "one caller's 16 batches ran on one lane of two");
        CnnRecognizer oneLane = ShippedModel.recognizer(new CnnRecognizer.Batching(8, 0, 1));
        for (int i = 0; i < many.size(); i += 17) {
            assertSame(oneLane.recognize(many.get(i)).probabilities(), all.get(i).probabilities(), "image " + i);
        }
    }

    @Test
    void aSingleCallIsNotHeldUpByALargeOneRunningBeforeIt() throws Exception {
        CnnRecognizer r = ShippedModel.recognizer(new CnnRecognizer.Batching(8, 0));
        List<GrayImage> many = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            many.addAll(images);
        }
        CompletableFuture<List<Prediction>> large = CompletableFuture.supplyAsync(() -> r.recognizeAll(many), pool);
        while (r.batcher().batches() < 3) {
            Thread.onSpinWait();
        }
        Prediction single = r.recognize(images.get(7));
        assertFalse(large.isDone(), "the single call waited for all " + many.size() + " images of the large one");
        assertEquals(many.size(), large.get().size());
        assertSame(large.get().get(7).probabilities(), single.probabilities(), "the single call");
    }
}
