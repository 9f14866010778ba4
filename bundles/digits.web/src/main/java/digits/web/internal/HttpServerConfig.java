package digits.web.internal;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Objects;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells Felix HTTP (Jetty) where to listen, from this bundle's own configuration: the launcher
 * reads the feature files but applies no configurations from them, so the {@value #JETTY_PID}
 * configuration is written here, through Configuration Admin, whenever {@code digits.web} changes.
 *
 * <p>Jetty starts listening as soon as its bundle starts, with the framework's (else the
 * system's) properties, and only then receives its configuration. So that it never listens on
 * every interface or on port 8080 even for that moment, this component, which starts one start
 * level earlier, also sets those two properties for the JVM. A framework property set by a
 * launcher still wins for that first moment; the configuration written here wins after it.
 */
@Component(configurationPid = WebSettings.PID, service = HttpServerConfig.class, immediate = true)
@Designate(ocd = WebSettings.Config.class)
public final class HttpServerConfig {

    static final String JETTY_PID = "org.apache.felix.http";
    static final String HOST = "org.apache.felix.http.host";
    static final String PORT = "org.osgi.service.http.port";
    /**
     * Felix HTTP copies configuration properties with the prefix
     * {@code org.apache.felix.http.runtime.init.} onto its HttpServiceRuntime service: this marks
     * the runtime that runs with this configuration, for {@code digits:web} and the tests.
     */
    static final String MARK = "org.apache.felix.http.runtime.init.digits.web.address";
    static final String RUNTIME_MARK = "digits.web.address";

    /**
     * Jetty's pool, sized for this machine instead of its default 200: a selector per core, and
     * workers enough for the requests that wait together in the recognizer's batch (they park
     * there, costing no core) while a few decode; more threads would only contend for the cores.
     */
    static final int SELECTORS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    static final int THREADS = 1 + SELECTORS + Math.max(32, 16 * Runtime.getRuntime().availableProcessors());

    private static final Logger LOG = LoggerFactory.getLogger(HttpServerConfig.class);

    @Reference
    private ConfigurationAdmin configAdmin;
    private volatile WebSettings settings;

    @Activate
    @Modified
    void configure(Map<String, Object> properties, BundleContext context) throws IOException {
        WebSettings s = WebSettings.of(properties, context);
        settings = s;
        System.setProperty(HOST, s.host());
        System.setProperty(PORT, String.valueOf(s.port()));
        // "?": a multi-location configuration, so that Felix HTTP's bundle receives it although
        // this bundle writes it.
        Configuration jetty = configAdmin.getConfiguration(JETTY_PID, "?");
        Dictionary<String, Object> wanted = new Hashtable<>();
        wanted.put(HOST, s.host());
        wanted.put(PORT, s.port());
        wanted.put("org.apache.felix.http.enable", true);
        wanted.put("org.apache.felix.https.enable", false);
        wanted.put("org.apache.felix.http.jetty.sendServerHeader", false);
        wanted.put("org.apache.felix.http.jetty.acceptors", 1);
        wanted.put("org.apache.felix.http.jetty.selectors", SELECTORS);
        wanted.put("org.apache.felix.http.jetty.threadpool.max", THREADS);
        wanted.put(MARK, address(s));
        if (!same(jetty.getProperties(), wanted)) {
            // Every change restarts Jetty, so only a real one is written.
            jetty.update(wanted);
            LOG.info("web server configured for {}", s.url());
        }
    }

    WebSettings settings() {
        return settings;
    }

    static String address(WebSettings s) {
        return s.host() + ":" + s.port();
    }

    private static boolean same(Dictionary<String, Object> current, Dictionary<String, Object> wanted) {
        if (current == null) {
            return false;
        }
        for (var keys = wanted.keys(); keys.hasMoreElements();) {
            String k = keys.nextElement();
            if (!Objects.equals(String.valueOf(current.get(k)), String.valueOf(wanted.get(k)))) {
                return false;
            }
        }
        return true;
    }
}
