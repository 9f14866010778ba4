package digits.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import digits.api.GrayImage;
import digits.api.LabelledImages;
import digits.preprocess.Images;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.imageio.ImageIO;
import org.osgi.framework.ServiceReference;

/** What the Web*IT tests share: a workbench with the digits-web feature on a free port, HTTP, pictures. */
final class WebFixtures {

    private WebFixtures() {}

    /** A workbench with digits-web on a free loopback port, serving once this returns. */
    static final class Server implements AutoCloseable {
        final TestWorkbench workbench;
        final int port;
        final String base;
        final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();

        Server(TestWorkbench workbench, int port) {
            this.workbench = workbench;
            this.port = port;
            this.base = "http://127.0.0.1:" + port;
        }

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, String contentType, byte[] body) throws IOException, InterruptedException {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (contentType != null) {
                b.header("Content-Type", contentType);
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        @Override
        public void close() throws Exception {
            http.close();
            workbench.close();
        }
    }

    /**
     * Starts the workbench with digits-web on a free port. The shipped model is copied to a
     * folder of the test's own, so that a training writing models/ meanwhile changes nothing here.
     */
    static Server start() throws Exception {
        return start(Map.of());
    }

    /** The same, with more framework properties (for instance {@code digits.web.page}). */
    static Server start(Map<String, String> properties) throws Exception {
        Path models = Files.createTempDirectory(Path.of("target"), "models-web-");
        Path shipped = TestWorkbench.home().resolve("models");
        for (String f : new String[] {"default.zip", "default.json"}) {
            assertTrue(Files.isRegularFile(shipped.resolve(f)), "the shipped model " + shipped.resolve(f) + " is missing");
            Files.copy(shipped.resolve(f), models.resolve(f));
        }
        int port = freePort();
        Map<String, String> all = new java.util.HashMap<>(properties);
        all.put("digits.web.port", String.valueOf(port));
        all.put("digits.models", models.toString());
        TestWorkbench workbench = TestWorkbench.start(false, all, "digits-web");
        Server server = new Server(workbench, port);
        try {
            waitForServer(server);
        } catch (Throwable t) {
            server.close();
            throw t;
        }
        return server;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * Waits until Jetty runs with digits.web's configuration (its runtime service carries the
     * address digits.web wrote) and every endpoint answers: the page, the health check with the
     * shipped recognizer, and the predict servlet (which refuses GET with 405).
     */
    static void waitForServer(Server server) throws Exception {
        String address = "127.0.0.1:" + server.port;
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        String last = "";
        while (true) {
            ServiceReference<?>[] runtimes = server.workbench.context().getAllServiceReferences(null,
                    "(digits.web.address=" + address + ")");
            if (runtimes != null) {
                try {
                    HttpResponse<String> health = server.get("/api/health");
                    HttpResponse<String> predict = server.get("/api/predict");
                    HttpResponse<String> page = server.get("/");
                    last = "health " + health.statusCode() + " " + health.body() + "; predict " + predict.statusCode()
                            + "; page " + page.statusCode();
                    if (health.statusCode() == 200 && health.body().contains("cnn:default") && predict.statusCode() == 405
                            && page.statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    last = e.toString();
                }
            } else {
                last = "no HTTP runtime on " + address + " yet";
            }
            assertTrue(System.nanoTime() < deadline, "the web server did not come up on " + address + ": " + last
                    + "; bundles: " + server.workbench.bundleStates() + "; problems: " + Workbench.problems());
            Thread.sleep(200);
        }
    }

    static JsonObject json(HttpResponse<String> response) {
        JsonElement e = JsonParser.parseString(response.body());
        assertTrue(e.isJsonObject(), "not a JSON object: " + response.body());
        return e.getAsJsonObject();
    }

    /**
     * An MNIST digit as someone might draw it on the page: scaled to 70% of a 280x280 canvas,
     * dark ink on white, as a PNG.
     */
    static byte[] canvasPng(LabelledImages images, int index) throws IOException {
        GrayImage canvas = Images.render(images.image(index), 280, 0.7, 0, 0);
        float[] ink = canvas.pixels();
        byte[] paper = new byte[ink.length];
        for (int i = 0; i < ink.length; i++) {
            paper[i] = (byte) Math.round(255 * (1 - ink[i]));
        }
        BufferedImage image = new BufferedImage(280, 280, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, 280, 280, paper);
        return png(image);
    }

    static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, "png", out), "no PNG writer");
        return out.toByteArray();
    }

    /** A 28x28 MNIST image as the API's JSON: {"pixels": [[0..255 x 28] x 28]}. */
    static String pixelsJson(LabelledImages images, int index) {
        GrayImage img = images.image(index);
        StringBuilder sb = new StringBuilder("{\"pixels\": [");
        for (int y = 0; y < 28; y++) {
            sb.append(y == 0 ? "[" : ", [");
            for (int x = 0; x < 28; x++) {
                sb.append(x == 0 ? "" : ",").append(Math.round(img.at(x, y) * 255));
            }
            sb.append(']');
        }
        return sb.append("]}").toString();
    }
}
