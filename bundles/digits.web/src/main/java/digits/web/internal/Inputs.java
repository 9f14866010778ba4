package digits.web.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import digits.api.GrayImage;
import digits.preprocess.Images;
import digits.web.internal.ApiServlet.Refused;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Turns a request body into a picture of ink (1.0) on background (0.0): a PNG (or JPEG, GIF,
 * BMP) of any size, dark ink on light paper or the reverse, or JSON
 * {@code {"pixels": [[...28 numbers...] x 28]}} with ink as 0..1 or 0..255.
 */
final class Inputs {

    /**
     * Pictures of more pixels than this (2048x2048) are refused before they are decoded: a
     * megabyte of PNG can declare a picture of gigabytes, and each pixel costs about 20 bytes
     * on the way to the model input.
     */
    static final long MAX_PIXELS = 2048L * 2048;

    private Inputs() {}

    /** A request body that passed the checks of type and size, not yet decoded. */
    record Body(byte[] bytes, boolean json) {
        /** The picture, or the 28x28 array under {@code key} of a JSON body. */
        GrayImage decode(String key) throws Refused {
            if (!json) {
                return fromPicture(bytes);
            }
            float[] common = PixelsJson.read(bytes, key);
            return common != null ? pixels(common) : fromJson(new String(bytes, StandardCharsets.UTF_8), key);
        }
    }

    /** Reads the body, refusing a type that is neither a picture nor JSON (415) and a body over the limit (413). */
    static Body read(HttpServletRequest request, long maxBytes) throws Refused, IOException {
        String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        String mime = type.split(";", 2)[0].trim();
        boolean json = mime.equals("application/json");
        if (!json && !mime.startsWith("image/")) {
            throw new Refused(HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE,
                    "send a picture (Content-Type image/png) or JSON (Content-Type application/json), not "
                            + (mime.isEmpty() ? "a body without a Content-Type" : "Content-Type " + mime));
        }
        byte[] body = body(request, maxBytes);
        if (body.length == 0) {
            throw new Refused(HttpServletResponse.SC_BAD_REQUEST, "the request has no body");
        }
        return new Body(body, json);
    }

    /** The body, refused with 413 as soon as it is known to exceed the limit. */
    static byte[] body(HttpServletRequest request, long maxBytes) throws Refused, IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            throw tooLarge(maxBytes);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 8192);
        byte[] buffer = new byte[8192];
        try (InputStream in = request.getInputStream()) {
            for (int n; (n = in.read(buffer)) != -1;) {
                if (out.size() + (long) n > maxBytes) {
                    throw tooLarge(maxBytes);
                }
                out.write(buffer, 0, n);
            }
        }
        return out.toByteArray();
    }

    private static Refused tooLarge(long maxBytes) {
        return new Refused(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                "the request is larger than " + maxBytes + " bytes (digits.web maxRequestBytes)");
    }

    static GrayImage fromPicture(byte[] body) throws Refused {
        try (ImageInputStream stream = new MemoryCacheImageInputStream(new ByteArrayInputStream(body))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(stream);
            if (!readers.hasNext()) {
                throw new Refused(HttpServletResponse.SC_BAD_REQUEST, "the body is not a picture (PNG, JPEG, GIF or BMP)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(stream, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if ((long) w * h > MAX_PIXELS) {
                    throw new Refused(422, "the picture is " + w + "x" + h + "; at most " + MAX_PIXELS
                            + " pixels (2048x2048) are read");
                }
                BufferedImage image = reader.read(0);
                return Images.fromBufferedImage(image);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new Refused(HttpServletResponse.SC_BAD_REQUEST, "the picture could not be read: " + e.getMessage());
        }
    }

    /** A 28x28 array of ink under {@code key}: {@code pixels} for /api/predict, {@code drawing} for the reference's /classify. */
    static GrayImage fromJson(String text, String key) throws Refused {
        JsonElement root;
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            root = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new JsonParseException("text after the JSON value");
            }
        } catch (JsonParseException | IOException | IllegalStateException e) {
            throw new Refused(HttpServletResponse.SC_BAD_REQUEST, "malformed JSON: " + message(e));
        }
        if (!root.isJsonObject() || !root.getAsJsonObject().has(key)) {
            throw new Refused(422, "expected {\"" + key + "\": [[...28 numbers...], ... 28 rows]}");
        }
        JsonElement pixels = root.getAsJsonObject().get(key);
        int side = GrayImage.MODEL_SIDE;
        if (!pixels.isJsonArray() || pixels.getAsJsonArray().size() != side) {
            throw new Refused(422, key + " must be " + side + " rows of " + side + " numbers, got "
                    + (pixels.isJsonArray() ? pixels.getAsJsonArray().size() + " rows" : "no array"));
        }
        float[] values = new float[side * side];
        JsonArray rows = pixels.getAsJsonArray();
        for (int y = 0; y < side; y++) {
            JsonElement row = rows.get(y);
            if (!row.isJsonArray() || row.getAsJsonArray().size() != side) {
                throw new Refused(422, "row " + y + " must be an array of " + side + " numbers");
            }
            JsonArray r = row.getAsJsonArray();
            for (int x = 0; x < side; x++) {
                JsonElement v = r.get(x);
                if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
                    throw new Refused(422, "pixel (" + x + ", " + y + ") is not a number");
                }
                double d = v.getAsDouble();
                if (!(d >= 0 && d <= 255)) {
                    throw new Refused(422, "pixel (" + x + ", " + y + ") is " + v + "; values are 0..1 or 0..255");
                }
                values[y * side + x] = (float) d;
            }
        }
        return pixels(values);
    }

    /** Ink as 0..1, or as 0..255 when any value is above 1. */
    static GrayImage pixels(float[] values) {
        float max = 0;
        for (float v : values) {
            max = Math.max(max, v);
        }
        if (max > 1) {
            for (int i = 0; i < values.length; i++) {
                values[i] /= 255f;
            }
        }
        return new GrayImage(GrayImage.MODEL_SIDE, GrayImage.MODEL_SIDE, values);
    }

    private static String message(Exception e) {
        Throwable t = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause() : e;
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        // Gson appends a link to its troubleshooting page; the position is what helps.
        int see = m.indexOf("\nSee ");
        return see > 0 ? m.substring(0, see) : m;
    }
}
