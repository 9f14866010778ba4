package digits.web.internal;

import digits.api.Recognizer;
import digits.api.Selection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** {@code digits:web}: where the web page is and whether it answers. */
@Component(service = Object.class, property = {"osgi.command.scope=digits", "osgi.command.function=web"})
public final class WebCommand {

    private static final String RUNTIME = "org.osgi.service.servlet.runtime.HttpServiceRuntime";

    private final BundleContext context;
    private final HttpServerConfig server;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Selection selection;

    @Activate
    public WebCommand(@Reference HttpServerConfig server, BundleContext context) {
        this.server = server;
        this.context = context;
    }

    @Descriptor("show the web page's address, whether it is listening, and the recognizer it uses")
    public String web() {
        WebSettings s = server.settings();
        StringBuilder out = new StringBuilder();
        out.append("address     ").append(s.url()).append('\n');
        out.append("state       ").append(state(s)).append('\n');
        out.append("limit       requests up to ").append(s.maxRequestBytes()).append(" bytes\n");
        Selection sel = selection;
        out.append("recognizer  ").append(sel == null ? "(none)" : sel.activeRecognizer().map(Recognizer::id).orElse("(none)"))
                .append('\n');
        out.append("api         POST /api/predict, GET /api/recognizers, GET /api/health");
        return out.toString();
    }

    private String state(WebSettings s) {
        List<String> endpoints = new ArrayList<>();
        boolean configured = false;
        try {
            ServiceReference<?>[] refs = context.getServiceReferences(RUNTIME, null);
            for (ServiceReference<?> r : refs == null ? new ServiceReference<?>[0] : refs) {
                endpoints.addAll(strings(r.getProperty("osgi.http.endpoint")));
                configured |= HttpServerConfig.address(s).equals(r.getProperty(HttpServerConfig.RUNTIME_MARK));
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (endpoints.isEmpty()) {
            return "stopped: no HTTP runtime (is the org.apache.felix.http.jetty bundle active?)";
        }
        boolean listening;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(s.host(), s.port()), 1000);
            listening = true;
        } catch (IOException e) {
            listening = false;
        }
        return (listening ? "listening" : "not listening")
                + (configured ? "" : " (the HTTP runtime is not yet on this address)")
                + "; runtime endpoints " + endpoints;
    }

    private static Collection<String> strings(Object value) {
        if (value instanceof String[] a) {
            return Arrays.asList(a);
        }
        if (value instanceof Collection<?> c) {
            return c.stream().map(String::valueOf).toList();
        }
        return value == null ? List.of() : List.of(String.valueOf(value));
    }
}
