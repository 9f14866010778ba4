package digits.web.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serial;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The canvas page at {@code /} and its script and style at {@code /static/}: the workbench's own
 * (this bundle's {@code /web} folder), or those of the folder named by {@code digits.web page}.
 * Registered as the default servlet ("/"), so it also answers every path nobody else serves:
 * with 404, in JSON under /api/.
 */
@Component(service = Servlet.class, configurationPid = WebSettings.PID)
@HttpWhiteboardServletPattern("/")
@HttpWhiteboardServletName("digits.web.page")
public final class PageServlet extends HttpServlet {

    @Serial
    private static final long serialVersionUID = 1L;
    static final String PAGE = "/web/index.html";
    private static final Map<String, String> TYPES = Map.of("html", "text/html;charset=utf-8",
            "js", "text/javascript;charset=utf-8", "css", "text/css;charset=utf-8", "png", "image/png",
            "svg", "image/svg+xml", "ico", "image/x-icon");

    private volatile Path folder;

    @Activate
    @Modified
    void configure(Map<String, Object> properties, BundleContext context) {
        String page = WebSettings.of(properties, context).page();
        folder = page.isEmpty() ? null : Path.of(page).toAbsolutePath().normalize();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI();
        if (path.startsWith("/api/")) {
            ApiServlet.send(response, HttpServletResponse.SC_NOT_FOUND, ApiServlet.error("no endpoint " + path).toString());
            return;
        }
        String name = path.equals("/") ? "index.html" : path.substring(1);
        byte[] content = name.equals("index.html") || name.startsWith("static/") ? read(name) : null;
        if (content == null) {
            byte[] text = ("not found: " + path + "\n").getBytes(StandardCharsets.UTF_8);
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            response.setContentType("text/plain;charset=utf-8");
            response.getOutputStream().write(text);
            return;
        }
        String ext = name.substring(name.lastIndexOf('.') + 1);
        response.setContentType(TYPES.getOrDefault(ext, "application/octet-stream"));
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Content-Type-Options", "nosniff");
        // Everything the page uses comes from here; nothing from anywhere else.
        response.setHeader("Content-Security-Policy",
                "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'");
        response.setContentLength(content.length);
        response.getOutputStream().write(content);
    }

    /** A file of the page, or null; nothing outside its folder is ever read. */
    private byte[] read(String name) throws IOException {
        Path dir = folder;
        if (dir == null) {
            String resource = "/web/" + (name.startsWith("static/") ? name.substring("static/".length()) : name);
            if (resource.contains("..")) {
                return null;
            }
            try (InputStream in = PageServlet.class.getResourceAsStream(resource)) {
                return in == null ? null : in.readAllBytes();
            }
        }
        Path file = dir.resolve(name).normalize();
        return file.startsWith(dir) && Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
    }
}
