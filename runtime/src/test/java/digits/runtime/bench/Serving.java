package digits.runtime.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The serving measurements: {@code ../shared/bench/http_load.py} (the same JSON 28x28 bodies,
 * keep-alive, loopback) against the workbench's {@code POST /api/predict} and against the
 * reference's own stack, its Flask app under gunicorn with two workers
 * ({@code ../shared/bench/flask_peer.py}), started and stopped here.
 */
final class Serving {

    /** One load run: requests/s, latency percentiles in ms, failed requests. */
    record Load(int clients, int requests, double rate, double p50, double p99, int failed) {
        static final Load NONE = new Load(0, 0, Double.NaN, Double.NaN, Double.NaN, 0);
    }

    private static final Pattern RESULT = Pattern.compile(
            "(\\d+) clients x (\\d+): (\\d+) req/s, p50 ([\\d.]+) ms, p90 [\\d.]+ ms, p99 ([\\d.]+) ms, failed (\\d+)");

    private final Path shared;
    private final Path idx;

    Serving(Path home, Path idx) {
        this.shared = home.resolveSibling("shared");
        this.idx = idx;
    }

    /** Why the reference stack cannot run here, or null when it can. */
    String peerMissing() {
        if (!Files.isExecutable(Path.of("/usr/bin/python3"))) {
            return "no /usr/bin/python3";
        }
        if (!Files.isRegularFile(shared.resolve("bench/flask_peer.py")) || !Files.isRegularFile(shared.resolve("bench/http_load.py"))) {
            return "no " + shared.resolve("bench") + "/flask_peer.py and http_load.py";
        }
        if (!Files.isRegularFile(shared.resolve("data/reference/model_epoch_50.keras"))) {
            return "no reference weights " + shared.resolve("data/reference/model_epoch_50.keras");
        }
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import flask, h5py, torch, numpy").redirectErrorStream(true).start();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0 || !Files.isExecutable(Path.of("/usr/bin/gunicorn"))) {
                return "Debian's python3-flask, gunicorn, python3-h5py and python3-torch are needed "
                        + "(apt-get install -y python3-flask gunicorn python3-h5py python3-torch)";
            }
        } catch (IOException | InterruptedException e) {
            return "python3 does not run: " + e.getMessage();
        }
        return null;
    }

    /** The reference stack, listening until closed. */
    record Peer(Process gunicorn, String url) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            gunicorn.destroy();
            if (!gunicorn.waitFor(10, TimeUnit.SECONDS)) {
                gunicorn.destroyForcibly();
            }
        }
    }

    /** The reference stack started, answering. */
    Peer startPeer() throws Exception {
        int port = freePort();
        Process gunicorn = new ProcessBuilder("/usr/bin/gunicorn", "-w", "2", "-b", "127.0.0.1:" + port, "flask_peer:app")
                .directory(shared.resolve("bench").toFile()).redirectErrorStream(true)
                .redirectOutput(Files.createTempFile("digits-bench-gunicorn", ".log").toFile()).start();
        Peer peer = new Peer(gunicorn, "http://127.0.0.1:" + port + "/api/predict");
        try {
            awaitAnswer(peer.url(), gunicorn);
        } catch (Exception | Error e) {
            peer.close();
            throw e;
        }
        return peer;
    }

    /** Requests per measured row: enough that its p99 is the 96th worst, not a single GC pause's. */
    static final int REQUESTS_PER_ROW = 9_600;
    /** Warm-up before a server's rows, the same for every server: 32 x 1,000 then 8 x 2,000 requests. */
    static final int WARM_UP_32 = 1_000;
    static final int WARM_UP_8 = 2_000;

    /**
     * Steady state first, for every server alike: the JVM's C2 still compiles and recompiles the
     * request path for tens of thousands of requests (after 10,000 the workbench measured 1,500
     * req/s at 8 clients, p99 18 ms; after 48,000, 2,400 req/s, p99 9-10 ms), and workspaces and
     * worker processes settle too.
     */
    void warmUp(String url) throws Exception {
        load(url, 32, WARM_UP_32);
        load(url, 8, WARM_UP_8);
    }

    /** A warmed-up server at each client count, {@code requests} each. */
    List<Load> rows(String url, int[] clients, int requests) throws Exception {
        List<Load> out = new ArrayList<>();
        for (int c : clients) {
            out.add(load(url, c, Math.max(50, requests / c)));
        }
        return out;
    }

    /** One run of http_load.py. */
    Load load(String url, int clients, int perClient) throws Exception {
        Process p = new ProcessBuilder("/usr/bin/python3", shared.resolve("bench/http_load.py").toString(), url, idx.toString(),
                "--clients", String.valueOf(clients), "--requests", String.valueOf(perClient)).redirectErrorStream(true).start();
        Load result = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            for (String line; (line = r.readLine()) != null;) {
                System.out.println("  load: " + line);
                Matcher m = RESULT.matcher(line);
                if (m.find()) {
                    result = new Load(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(1)) * Integer.parseInt(m.group(2)),
                            Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4)), Double.parseDouble(m.group(5)),
                            Integer.parseInt(m.group(6)));
                }
            }
        }
        p.waitFor(10, TimeUnit.MINUTES);
        if (result == null) {
            throw new IllegalStateException("http_load.py printed no result for " + url);
        }
        return result;
    }

    /** Waits until the server answers a prediction (gunicorn loads PyTorch first). */
    static void awaitAnswer(String url, Process server) throws Exception {
        StringBuilder row = new StringBuilder("[");
        for (int i = 0; i < 28; i++) {
            row.append(i == 0 ? "0" : ",0");
        }
        row.append(']');
        StringBuilder body = new StringBuilder("{\"pixels\":[");
        for (int i = 0; i < 28; i++) {
            body.append(i == 0 ? "" : ",").append(row);
        }
        body.append("]}");
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                if (server != null && !server.isAlive()) {
                    throw new IllegalStateException("the server for " + url + " exited with " + server.exitValue());
                }
                try {
                    if (http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(250);
            }
        }
        throw new IllegalStateException("no answer from " + url + " within 120 s");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
