package digits.web.internal;

import com.google.gson.JsonObject;
import digits.api.GrayImage;
import digits.api.Preprocessor;
import digits.api.Recognizer;
import digits.api.Selection;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Serial;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every endpoint under /api shares: JSON answers, JSON errors ({"error": "..."}) for every
 * failure, never a stack trace, and one request's failure never touching another's.
 */
abstract class ApiServlet extends HttpServlet {

    @Serial
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);

    /** A request the client got wrong, answered with its status and message. */
    static final class Refused extends Exception {
        @Serial
        private static final long serialVersionUID = 1L;
        final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /** Answers GET; the default refuses it. */
    JsonObject get(HttpServletRequest request) throws Refused, IOException {
        throw notAllowed(request);
    }

    /** Answers POST; the default refuses it. */
    JsonObject post(HttpServletRequest request) throws Refused, IOException {
        throw notAllowed(request);
    }

    /** Answers POST as JSON text; an endpoint that writes its answer itself overrides this. */
    String postText(HttpServletRequest request) throws Refused, IOException {
        JsonObject answer = post(request);
        return answer.toString();
    }

    /** The methods this endpoint answers, for the Allow header of a 405. */
    abstract String allowed();

    @Override
    protected final void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            switch (request.getMethod()) {
                case "GET" -> {
                    JsonObject answer = get(request);
                    send(response, answerStatus(answer), answer.toString());
                }
                case "POST" -> send(response, HttpServletResponse.SC_OK, postText(request));
                default -> throw notAllowed(request);
            }
        } catch (Refused e) {
            if (e.status == HttpServletResponse.SC_METHOD_NOT_ALLOWED) {
                response.setHeader("Allow", allowed());
            }
            if (e.status == HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE) {
                // The rest of the body is not read: the connection is not worth keeping.
                response.setHeader("Connection", "close");
            }
            send(response, e.status, error(e.getMessage()).toString());
        } catch (IOException e) {
            // The client went away or sent a broken body: nothing more to say to it.
            LOG.debug("{} {}: {}", request.getMethod(), request.getRequestURI(), e.toString());
            if (!response.isCommitted()) {
                send(response, HttpServletResponse.SC_BAD_REQUEST, error("could not read the request: " + e.getMessage()).toString());
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("{} {} failed", request.getMethod(), request.getRequestURI(), e);
            if (!response.isCommitted()) {
                send(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR,
                        error("internal error: " + e.getClass().getSimpleName()
                                + (e.getMessage() == null ? "" : ": " + e.getMessage())).toString());
            }
        }
    }

    /** The status of a successful answer: 200, unless an endpoint says otherwise. */
    int answerStatus(JsonObject answer) {
        return HttpServletResponse.SC_OK;
    }

    static JsonObject error(String message) {
        JsonObject o = new JsonObject();
        o.addProperty("error", message);
        return o;
    }

    private static Refused notAllowed(HttpServletRequest request) {
        return new Refused(HttpServletResponse.SC_METHOD_NOT_ALLOWED, request.getMethod() + " is not allowed here");
    }

    static void send(HttpServletResponse response, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType("application/json;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** A request's drawing as the active recognizer will see it, and who prepared and will read it. */
    record Drawing(Preprocessor preprocessor, Recognizer recognizer, Optional<GrayImage> input) {
    }

    /**
     * The body's {@code field} through the selection's active preprocessor, for its active
     * recognizer (503 when either is missing): one rule for every endpoint that recognizes, so
     * {@code /classify} and {@code /api/predict} preprocess and answer alike. Only decoding and
     * preprocessing pass the limiter: concurrent requests meet in the recognizer, which runs them
     * through one forward pass (a limit around recognition would cap that batch).
     */
    static Drawing drawing(Inputs.Body body, String field, Selection selection) throws Refused {
        Preprocessor preprocessor = selection.activePreprocessor().orElseThrow(
                () -> new Refused(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "no preprocessor is available"));
        Recognizer recognizer = selection.activeRecognizer().orElseThrow(
                () -> new Refused(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "no recognizer is available"));
        Optional<GrayImage> input = Work.SHARED.run(() -> preprocessor.toModelInput(body.decode(field)));
        return new Drawing(preprocessor, recognizer, input);
    }
}
