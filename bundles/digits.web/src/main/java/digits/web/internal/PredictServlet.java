package digits.web.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import digits.api.GrayImage;
import digits.api.Prediction;
import digits.api.Preprocessor;
import digits.api.Recognizer;
import digits.api.Selection;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.Serial;
import java.util.Map;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code POST /api/predict}: a picture or a 28x28 array in, the active recognizer's top five out,
 * with the 28x28 input it saw and how long it took. An empty drawing is answered 200 with
 * {@code "empty": true} and no guess, as the desktop canvas does; a drawing the recognizer judges
 * no digit at all has {@code "notADigit": true} (the top five are then its closest guesses).
 *
 * <p>The recognizer is looked up at each request, so a change of the active recognizer (or one
 * coming and going) applies to the next request without restarting anything; the preprocessor is
 * the selection's active one (the MNIST recipe), looked up the same way.
 */
@Component(service = Servlet.class, configurationPid = WebSettings.PID)
@HttpWhiteboardServletPattern("/api/predict")
@HttpWhiteboardServletName("digits.web.predict")
public final class PredictServlet extends ApiServlet {

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
        long start = System.nanoTime();
        Inputs.Body body = Inputs.read(request, maxBytes);
        return Work.SHARED.run(() -> predict(body, start));
    }

    private JsonObject predict(Inputs.Body body, long start) throws Refused {
        GrayImage picture = body.decode();
        Preprocessor pre = activePreprocessor(selection);
        Recognizer recognizer = activeRecognizer(selection);
        Optional<GrayImage> input = pre.toModelInput(picture);
        JsonObject answer = new JsonObject();
        answer.addProperty("recognizer", recognizer.id());
        answer.addProperty("preprocessor", pre.id());
        if (input.isEmpty()) {
            answer.addProperty("empty", true);
            answer.addProperty("notADigit", false);
            answer.add("top5", new JsonArray());
            answer.add("input", null);
        } else {
            Prediction p = recognizer.recognize(input.get());
            answer.addProperty("empty", false);
            answer.addProperty("notADigit", p.notADigit());
            // the recognizer that answered, should the active one have changed meanwhile
            answer.addProperty("recognizer", p.recognizerId());
            JsonArray top = new JsonArray();
            for (Prediction.Ranked r : p.top(5)) {
                JsonObject o = new JsonObject();
                o.addProperty("digit", r.label());
                o.addProperty("probability", round(r.probability(), 1e6));
                top.add(o);
            }
            answer.add("top5", top);
            answer.add("input", rows(input.get()));
            answer.addProperty("recognizerLatencyMs", round(p.latencyMillis(), 1e3));
        }
        answer.addProperty("latencyMs", round((System.nanoTime() - start) / 1e6, 1e3));
        return answer;
    }

    private static JsonArray rows(GrayImage image) {
        JsonArray rows = new JsonArray();
        for (int y = 0; y < image.height(); y++) {
            JsonArray row = new JsonArray();
            for (int x = 0; x < image.width(); x++) {
                row.add(round(image.at(x, y), 1e3));
            }
            rows.add(row);
        }
        return rows;
    }

    private static double round(double v, double scale) {
        return Math.round(v * scale) / scale;
    }
}
