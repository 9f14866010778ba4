package digits.web.internal;

import com.google.gson.JsonObject;
import digits.api.ComputeBackend;
import digits.api.Preprocessor;
import digits.api.Recognizer;
import digits.api.Selection;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.Serial;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /api/health}: "ok" (200) when a recognizer and a preprocessor are there to answer
 * predictions, else "unavailable" (503); the recognizer, the preprocessor and the compute
 * backend in use.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/health")
@HttpWhiteboardServletName("digits.web.health")
public final class HealthServlet extends ApiServlet {

    @Serial
    private static final long serialVersionUID = 1L;

    @Reference(policy = ReferencePolicy.DYNAMIC)
    private volatile Selection selection;


    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ComputeBackend backend;

    @Override
    String allowed() {
        return "GET";
    }

    @Override
    JsonObject get(HttpServletRequest request) {
        String recognizer = selection.activeRecognizer().map(Recognizer::id).orElse(null);
        Preprocessor pre = selection.activePreprocessor().orElse(null);
        ComputeBackend b = backend;
        JsonObject answer = new JsonObject();
        answer.addProperty("status", recognizer != null && pre != null ? "ok" : "unavailable");
        answer.addProperty("recognizer", recognizer);
        answer.addProperty("preprocessor", pre == null ? null : pre.id());
        answer.addProperty("backend", b == null ? null : b.info().summary());
        return answer;
    }

    @Override
    int answerStatus(JsonObject answer) {
        return "ok".equals(answer.get("status").getAsString()) ? HttpServletResponse.SC_OK
                : HttpServletResponse.SC_SERVICE_UNAVAILABLE;
    }
}
