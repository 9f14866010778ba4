package digits.web.internal;

import com.google.gson.JsonPrimitive;
import digits.api.GrayImage;
import digits.api.Prediction;
import digits.api.Recognizer;
import digits.api.Selection;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.Serial;
import java.util.List;
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
    String postText(HttpServletRequest request) throws Refused, IOException {
        long start = System.nanoTime();
        Inputs.Body body = Inputs.read(request, maxBytes);
        Drawing drawing = drawing(body, "pixels", selection);
        Optional<GrayImage> input = drawing.input();
        Recognizer recognizer = drawing.recognizer();
        boolean echo = echoAsked(request);
        StringBuilder json = new StringBuilder(echo && input.isPresent() ? 4_400 : 300);
        json.append("{\"preprocessor\":").append(quoted(drawing.preprocessor().id()));
        if (input.isEmpty()) {
            json.append(",\"recognizer\":").append(quoted(recognizer.id()))
                    .append(",\"empty\":true,\"notADigit\":false,\"top5\":[]").append(echo ? ",\"input\":null" : "");
        } else {
            Prediction p = recognizer.recognize(input.get());
            // the recognizer that answered, should the active one have changed meanwhile
            json.append(",\"recognizer\":").append(quoted(p.recognizerId()))
                    .append(",\"empty\":false,\"notADigit\":").append(p.notADigit()).append(",\"top5\":[");
            List<Prediction.Ranked> top = p.top(5);
            for (int i = 0; i < top.size(); i++) {
                json.append(i == 0 ? "{\"digit\":" : ",{\"digit\":").append(top.get(i).label())
                        .append(",\"probability\":").append(round(top.get(i).probability(), 1e6)).append('}');
            }
            json.append(']');
            if (echo) {
                rows(input.get(), json.append(",\"input\":"));
            }
            json.append(",\"recognizerLatencyMs\":").append(round(p.latencyMillis(), 1e3));
        }
        return json.append(",\"latencyMs\":").append(round((System.nanoTime() - start) / 1e6, 1e3)).append('}').toString();
    }

    /**
     * Whether the query asks for the 28x28 echo ({@code ?input=true}): it is 3.7 KB of a 4 KB
     * answer, written and sent for each request, and only a page drawing a preview needs it.
     */
    static boolean echoAsked(HttpServletRequest request) {
        String query = request.getQueryString();
        if (query == null) {
            return false;
        }
        for (String pair : query.split("&")) {
            if (pair.equals("input") || pair.equals("input=true") || pair.equals("input=1")) {
                return true;
            }
        }
        return false;
    }

    private static String quoted(String s) {
        return new JsonPrimitive(s).toString();
    }

    /**
     * The 28x28 input as rows of values rounded to thousandths, written from a table of their
     * texts: the echo the page draws its preview from costs a copy, not 784 number formattings.
     */
    static void rows(GrayImage image, StringBuilder json) {
        float[] px = image.pixels();
        int w = image.width();
        json.append('[');
        for (int y = 0; y < image.height(); y++) {
            json.append(y == 0 ? "[" : ",[");
            for (int x = 0; x < w; x++) {
                if (x > 0) {
                    json.append(',');
                }
                double v = px[y * w + x];
                long k = Math.round(v * 1e3);
                json.append(k >= 0 && k <= 1000 ? THOUSANDTHS[(int) k] : String.valueOf(k / 1e3));
            }
            json.append(']');
        }
        json.append(']');
    }

    private static final String[] THOUSANDTHS = new String[1001];

    static {
        for (int i = 0; i <= 1000; i++) {
            THOUSANDTHS[i] = String.valueOf(i / 1e3);
        }
    }

    private static double round(double v, double scale) {
        return Math.round(v * scale) / scale;
    }
}
