package digits.web.internal;

import com.google.gson.JsonObject;
import digits.api.Selection;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Serial;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code POST /classify}, the reference project's own API, so that its page works unchanged: JSON
 * {@code {"drawing": [[28 numbers] x 28]}} (ink 0..1, 1 = black ink) in, {@code {"0": p0, ...,
 * "9": p9}} out. The drawing goes through the same preprocessing and active recognizer as
 * {@code /api/predict}, with the same limits and errors; an empty drawing is answered {@code {}}
 * (no guess), which the reference page shows as "No results found".
 */
@Component(service = Servlet.class, configurationPid = WebSettings.PID)
@HttpWhiteboardServletPattern("/classify")
@HttpWhiteboardServletName("digits.web.classify")
public final class ClassifyServlet extends ApiServlet {

    @Serial
    private static final long serialVersionUID = 1L;

    @Reference(policy = ReferencePolicy.DYNAMIC)
    private volatile Selection selection;

    private volatile long maxBytes = WebSettings.DEFAULT_MAX_REQUEST_BYTES;

    @Activate
    @Modified
    void configure(Map<String, Object> properties, BundleContext context) {
        maxBytes = WebSettings.of(properties, context).maxRequestBytes();
    }

    @Override
    String allowed() {
        return "POST";
    }

    @Override
    JsonObject post(HttpServletRequest request) throws Refused, IOException {
        Inputs.Body body = Inputs.read(request, maxBytes);
        if (!body.json()) {
            throw new Refused(HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE,
                    "send JSON {\"drawing\": [[28 numbers] x 28]} (Content-Type application/json)");
        }
        Drawing drawing = drawing(body, "drawing", selection);
        JsonObject answer = new JsonObject();
        if (drawing.input().isPresent()) {
            float[] p = drawing.recognizer().recognize(drawing.input().get()).probabilities();
            for (int digit = 0; digit < p.length; digit++) {
                answer.addProperty(String.valueOf(digit), p[digit]);
            }
        }
        return answer;
    }
}
