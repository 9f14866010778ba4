package digits.web.internal;

import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Where the web server listens and how much it reads, from the {@value #PID} configuration, else
 * the framework (or system) properties {@code digits.web.host}, {@code digits.web.port} and
 * {@code digits.web.maxRequestBytes}, {@code digits.web.page}, else safe defaults: loopback only, port
 * 8085, 1 MiB, the workbench's own page.
 *
 * @param host            the interface to bind
 * @param port            the TCP port
 * @param maxRequestBytes the largest request body read; larger ones are answered 413
 * @param page            a folder whose {@code index.html} and {@code static/} are served at
 *                        {@code /} and {@code /static/} instead of the workbench's page (for
 *                        instance the reference project's page); empty for ours
 */
record WebSettings(String host, int port, long maxRequestBytes, String page) {

    static final String PID = "digits.web";
    static final String DEFAULT_HOST = "127.0.0.1";
    static final int DEFAULT_PORT = 8085;
    static final long DEFAULT_MAX_REQUEST_BYTES = 1 << 20;

    @ObjectClassDefinition(name = "Digit Workbench web",
            description = "The recognizer over HTTP: where it listens and how much a request may carry")
    @interface Config {
        @AttributeDefinition(description = "interface to listen on; 127.0.0.1 keeps it to this machine")
        String host() default DEFAULT_HOST;

        @AttributeDefinition(description = "TCP port")
        int port() default DEFAULT_PORT;

        @AttributeDefinition(description = "largest request body in bytes; larger ones are refused with 413")
        long maxRequestBytes() default DEFAULT_MAX_REQUEST_BYTES;

        @AttributeDefinition(description = "a folder with index.html and static/ to serve instead of the workbench's page; empty for ours")
        String page() default "";
    }

    /**
     * The settings of a component configured with {@value #PID}. Its properties hold only what a
     * configuration set (the {@link Config} defaults are not among them), so a missing key falls
     * back to the framework property, which is how a launcher or a test picks a port without
     * Configuration Admin.
     */
    static WebSettings of(Map<String, ?> properties, BundleContext context) {
        String host = value(properties, context, "host", DEFAULT_HOST).trim();
        int port = (int) number(value(properties, context, "port", String.valueOf(DEFAULT_PORT)), "port", 0, 65535);
        long max = number(value(properties, context, "maxRequestBytes", String.valueOf(DEFAULT_MAX_REQUEST_BYTES)),
                "maxRequestBytes", 1, Integer.MAX_VALUE);
        return new WebSettings(host.isEmpty() ? DEFAULT_HOST : host, port, max, value(properties, context, "page", "").trim());
    }

    /** The address as a person types it. */
    String url() {
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/";
    }

    private static String value(Map<String, ?> properties, BundleContext context, String key, String fallback) {
        Object configured = properties.get(key);
        if (configured != null) {
            return String.valueOf(configured);
        }
        String framework = context.getProperty(PID + "." + key);
        return framework != null ? framework : fallback;
    }

    private static long number(String text, String key, long min, long max) {
        try {
            long v = Long.parseLong(text.trim());
            if (v < min || v > max) {
                throw new IllegalArgumentException(PID + " " + key + " must be in " + min + ".." + max + ", got " + v);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PID + " " + key + " is not a number: '" + text + "'", e);
        }
    }
}
