package digits.web.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import digits.api.Recognizer;
import digits.api.Selection;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import java.io.Serial;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/** {@code GET /api/recognizers}: every recognizer present, the active one first and marked. */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/recognizers")
@HttpWhiteboardServletName("digits.web.recognizers")
public final class RecognizersServlet extends ApiServlet {

    @Serial
    private static final long serialVersionUID = 1L;

    @Reference(policy = ReferencePolicy.DYNAMIC)
    private volatile Selection selection;

    @Override
    String allowed() {
        return "GET";
    }

    @Override
    JsonObject get(HttpServletRequest request) {
        Selection s = selection;
        String active = s.activeRecognizer().map(Recognizer::id).orElse(null);
        JsonArray list = new JsonArray();
        for (Recognizer r : s.recognizers()) {
            JsonObject o = new JsonObject();
            o.addProperty("id", r.id());
            o.addProperty("description", r.description());
            o.addProperty("active", r.id().equals(active));
            list.add(o);
        }
        JsonObject answer = new JsonObject();
        answer.addProperty("active", active);
        answer.add("recognizers", list);
        return answer;
    }
}
