package digits.web.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serial;
import java.nio.charset.StandardCharsets;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The canvas page at {@code /}. Registered as the default servlet ("/"), so it also answers every
 * path nobody else serves: with 404, in JSON under /api/.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/")
@HttpWhiteboardServletName("digits.web.page")
public final class PageServlet extends HttpServlet {

    @Serial
    private static final long serialVersionUID = 1L;
    static final String PAGE = "/web/index.html";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI();
        if (path.equals("/") || path.equals("/index.html")) {
            byte[] page;
            try (InputStream in = PageServlet.class.getResourceAsStream(PAGE)) {
                page = in.readAllBytes();
            }
            response.setContentType("text/html;charset=utf-8");
            response.setHeader("Cache-Control", "no-cache");
            response.setHeader("X-Content-Type-Options", "nosniff");
            // Everything the page uses comes from here; nothing from anywhere else.
            response.setHeader("Content-Security-Policy",
                    "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'");
            response.setContentLength(page.length);
            response.getOutputStream().write(page);
        } else if (path.startsWith("/api/")) {
            ApiServlet.send(response, HttpServletResponse.SC_NOT_FOUND, ApiServlet.error("no endpoint " + path));
        } else {
            byte[] text = ("not found: " + path + "\n").getBytes(StandardCharsets.UTF_8);
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            response.setContentType("text/plain;charset=utf-8");
            response.getOutputStream().write(text);
        }
    }
}
