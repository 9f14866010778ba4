package digits.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceReference;

/** Where the web server listens: loopback by default, and wherever the digits.web configuration says. */
class WebConfigIT {

    @Test
    void itIsNotReachableThroughTheMachinesOtherAddresses() throws Exception {
        Optional<InetAddress> other = otherAddress();
        // without a second address there is nothing to check: say so (skipped), never pass
        assumeTrue(other.isPresent(), "this machine has no non-loopback IPv4 address");
        try (WebFixtures.Server server = WebFixtures.start()) {
            assertEquals(200, server.get("/api/health").statusCode(), "it listens on loopback");
            assertThrows(IOException.class, () -> connect(other.get(), server.port),
                    "reachable on " + other.get() + ":" + server.port);
        }
    }

    @Test
    void itMovesWhenDigitsWebIsReconfigured() throws Exception {
        try (WebFixtures.Server server = WebFixtures.start()) {
            int port = WebFixtures.freePort();
            Dictionary<String, Object> settings = new Hashtable<>();
            settings.put("port", port);
            settings.put("maxRequestBytes", 2000L);
            configure("digits.web", settings, server);

            WebFixtures.Server moved = new WebFixtures.Server(server.workbench, port);
            WebFixtures.waitForServer(moved);
            assertEquals(200, moved.get("/api/health").statusCode());
            assertEquals(413, moved.post("/api/predict", "image/png", new byte[2001]).statusCode());
            assertThrows(IOException.class, () -> connect(InetAddress.getLoopbackAddress(), server.port),
                    "still listening on the old port " + server.port);
            String shell = server.workbench.command("digits:web");
            assertTrue(shell.contains("http://127.0.0.1:" + port + "/") && shell.contains("listening")
                    && !shell.contains("not listening"), shell);
            moved.http.close();
        }
    }

    /**
     * Updates a configuration through Configuration Admin, by reflection: its types are the
     * bundle's, not those on the test's class path.
     */
    private static void configure(String pid, Dictionary<String, Object> properties, WebFixtures.Server server)
            throws Exception {
        ServiceReference<?>[] refs = server.workbench.context().getAllServiceReferences("org.osgi.service.cm.ConfigurationAdmin", null);
        assertTrue(refs != null && refs.length > 0, "no ConfigurationAdmin");
        Object admin = server.workbench.context().getService(refs[0]);
        ClassLoader cm = admin.getClass().getClassLoader();
        // "?": a multi-location configuration, as digits.web writes Felix HTTP's
        Object configuration = cm.loadClass("org.osgi.service.cm.ConfigurationAdmin")
                .getMethod("getConfiguration", String.class, String.class).invoke(admin, pid, "?");
        cm.loadClass("org.osgi.service.cm.Configuration").getMethod("update", Dictionary.class)
                .invoke(configuration, properties);
    }

    private static void connect(InetAddress address, int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 2000);
        }
    }

    private static Optional<InetAddress> otherAddress() throws IOException {
        for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (n.isUp() && !n.isLoopback()) {
                for (InetAddress a : Collections.list(n.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        return Optional.of(a);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
