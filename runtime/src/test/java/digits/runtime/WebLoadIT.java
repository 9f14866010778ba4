package digits.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import digits.api.LabelledImages;
import digits.api.Recognizer;
import digits.api.Selection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceRegistration;

/**
 * Many clients at once on loopback, bounded in count and time: first with the shipped model
 * alone (the figures for the benchmarks), then while the active recognizer is swapped back and
 * forth every 50 ms. No request may fail in either. Writes the figures to
 * target/measurements/web-load.txt.
 */
class WebLoadIT {

    static final int CLIENTS = 8;
    static final int REQUESTS_PER_CLIENT = 150;
    static final Duration LIMIT = Duration.ofMinutes(4);

    /** A recognizer that needs no model: always "1", surely. Enough to swap to and back. */
    static Recognizer stub() {
        float[] p = new float[10];
        Arrays.fill(p, 0.01f);
        p[1] = 0.91f;
        return new FixedRecognizer("stub", "test stub: always 1", p);
    }

    /** What one phase measured. */
    record Phase(String name, int requests, List<String> failures, double seconds, long[] sortedNanos,
            Map<String, Long> byRecognizer, int swaps, boolean finished) {

        String report() {
            return String.format(Locale.ROOT,
                    "%s%n  clients %d x %d requests = %d, failed %d, elapsed %.1f s, throughput %.1f requests/s%n"
                            + "  latency ms: p50 %.1f, p90 %.1f, p99 %.1f, max %.1f%n"
                            + "  answered by %s%s%n",
                    name, CLIENTS, REQUESTS_PER_CLIENT, requests, failures.size(), seconds, requests / seconds,
                    ms(0.50), ms(0.90), ms(0.99), ms(1.0), byRecognizer,
                    swaps > 0 ? "; recognizer swaps during the run: " + swaps : "");
        }

        double ms(double quantile) {
            if (sortedNanos.length == 0) {
                return 0;
            }
            int i = (int) Math.ceil(quantile * sortedNanos.length) - 1;
            return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, i))] / 1e6;
        }
    }

    @Test
    void eightClientsGetEveryAnswerAlsoWhileTheRecognizerIsSwapped() throws Exception {
        try (WebFixtures.Server server = WebFixtures.start()) {
            LabelledImages test = ExtrasFixtures.mnist(server.workbench).test();
            List<byte[]> pictures = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                pictures.add(WebFixtures.canvasPng(test, i));
            }
            Selection selection = server.workbench.service(Selection.class, Duration.ofSeconds(30));
            // warm-up, not measured: the first predictions set up ND4J's workspaces
            for (int i = 0; i < 10; i++) {
                assertEquals(200, server.post("/api/predict", "image/png", pictures.get(i)).statusCode());
            }

            Phase alone = load(server, pictures, "POST /api/predict, cnn:default only", null);

            ServiceRegistration<Recognizer> stub = server.workbench.context().registerService(Recognizer.class, stub(),
                    new Hashtable<>(Map.of(Recognizer.ID_PROPERTY, "stub")));
            Phase swapped;
            try {
                TrainingIT.waitForRecognizer(selection, "stub");
                swapped = load(server, pictures, "POST /api/predict, swapping cnn:default <-> stub every 50 ms", selection);
            } finally {
                selection.useRecognizer("cnn:default");
                stub.unregister();
            }

            String figures = String.format(Locale.ROOT,
                    "web load test (WebLoadIT), %s%nmachine: %d cores, %s, Java %s; loopback 127.0.0.1, HTTP/1.1, "
                            + "280x280 PNG bodies (MNIST test digits drawn at 70%%), Felix HTTP 5.2.2 / Jetty 11%n%s%s",
                    Instant.now(), Runtime.getRuntime().availableProcessors(), cpu(), System.getProperty("java.version"),
                    alone.report(), swapped.report());
            Path out = Path.of("target/measurements/web-load.txt");
            Files.createDirectories(out.getParent());
            Files.writeString(out, figures);
            System.out.print(figures);

            for (Phase p : List.of(alone, swapped)) {
                assertTrue(p.finished(), p.name() + " did not finish within " + LIMIT + "\n" + figures);
                assertEquals(CLIENTS * REQUESTS_PER_CLIENT, p.requests(), figures);
                assertTrue(p.failures().isEmpty(),
                        () -> p.failures().size() + " failed, e.g. " + p.failures().get(0) + "\n" + figures);
            }
            assertEquals(Map.of("cnn:default", (long) CLIENTS * REQUESTS_PER_CLIENT), alone.byRecognizer());
            assertTrue(swapped.byRecognizer().containsKey("stub") && swapped.byRecognizer().containsKey("cnn:default"),
                    "the swap did not show in the answers: " + swapped.byRecognizer());
        }
    }

    /** CLIENTS clients, each sending REQUESTS_PER_CLIENT pictures one after the other; swaps meanwhile if given a selection. */
    private static Phase load(WebFixtures.Server server, List<byte[]> pictures, String name, Selection swap)
            throws Exception {
        ExecutorService io = Executors.newFixedThreadPool(CLIENTS);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).executor(io).build();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        Map<String, LongAdder> byRecognizer = new ConcurrentHashMap<>();
        long[] latencies = new long[CLIENTS * REQUESTS_PER_CLIENT];
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger swaps = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);

        Thread swapper = new Thread(() -> {
            boolean toStub = true;
            while (running.get()) {
                swap.useRecognizer(toStub ? "stub" : "cnn:default");
                swaps.incrementAndGet();
                toStub = !toStub;
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "recognizer-swapper");

        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.submit(() -> {
                go.await();
                for (int i = 0; i < REQUESTS_PER_CLIENT; i++) {
                    int k = (client * REQUESTS_PER_CLIENT + i) % pictures.size();
                    HttpRequest request = HttpRequest.newBuilder(URI.create(server.base + "/api/predict"))
                            .timeout(Duration.ofSeconds(60)).header("Content-Type", "image/png")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(pictures.get(k))).build();
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                        latencies[next.getAndIncrement()] = System.nanoTime() - t0;
                        if (r.statusCode() != 200) {
                            failures.add(r.statusCode() + " " + r.body());
                            continue;
                        }
                        JsonObject answer = WebFixtures.json(r);
                        byRecognizer.computeIfAbsent(answer.get("recognizer").getAsString(), x -> new LongAdder()).increment();
                        if (answer.getAsJsonArray("top5").size() != 5) {
                            failures.add("top5 of " + answer.getAsJsonArray("top5").size() + ": " + r.body());
                        }
                    } catch (Exception e) {
                        latencies[next.getAndIncrement()] = System.nanoTime() - t0;
                        failures.add(e.toString());
                    }
                }
                return null;
            });
        }
        long t0 = System.nanoTime();
        if (swap != null) {
            swapper.start();
        }
        go.countDown();
        clients.shutdown();
        boolean finished = clients.awaitTermination(LIMIT.toSeconds(), TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - t0) / 1e9;
        running.set(false);
        if (swap != null) {
            swapper.join();
        }
        clients.shutdownNow();
        http.close();
        io.shutdownNow();

        int count = Math.min(next.get(), latencies.length);
        long[] sorted = Arrays.copyOf(latencies, count);
        Arrays.sort(sorted);
        Map<String, Long> answered = new TreeMap<>();
        byRecognizer.forEach((k, v) -> answered.put(k, v.sum()));
        return new Phase(name, count, List.copyOf(failures), seconds, sorted, answered, swaps.get(), finished);
    }

    private static String cpu() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
        } catch (Exception e) {
            return "unknown CPU";
        }
    }
}
