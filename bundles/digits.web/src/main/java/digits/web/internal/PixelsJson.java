package digits.web.internal;

import digits.api.GrayImage;
import java.nio.charset.StandardCharsets;

/**
 * Reads a body that is exactly {@code {"pixels": [[28 numbers] x 28]}} (or another key; any
 * whitespace, numbers in 0..255 without sign or exponent) straight from its bytes, with no
 * strings, no tree and no general number parser: the body a program sends most, and the one the
 * profile of the web path under load showed Gson's number parsing as its largest cost for.
 * Anything else answers null, and the request is read again by {@link Inputs#fromJson} (Gson,
 * strict), which accepts the rest of JSON and says precisely what is wrong.
 */
final class PixelsJson {

    private static final double[] POWERS = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
        1e14, 1e15};

    private final byte[] b;
    private int i;

    private PixelsJson(byte[] body) {
        this.b = body;
    }

    /** The 784 values under {@code key} in row order, or null when the body is not of exactly that shape. */
    static float[] read(byte[] body, String key) {
        return new PixelsJson(body).pixels(("\"" + key + "\"").getBytes(StandardCharsets.US_ASCII));
    }

    private float[] pixels(byte[] quotedKey) {
        int side = GrayImage.MODEL_SIDE;
        if (!take('{') || !key(quotedKey) || !take(':') || !take('[')) {
            return null;
        }
        float[] values = new float[side * side];
        for (int y = 0; y < side; y++) {
            if (y > 0 && !take(',') || !take('[')) {
                return null;
            }
            for (int x = 0; x < side; x++) {
                if (x > 0 && !take(',')) {
                    return null;
                }
                double v = number();
                if (!(v >= 0 && v <= 255)) {
                    return null;
                }
                values[y * side + x] = (float) v;
            }
            if (!take(']')) {
                return null;
            }
        }
        if (!take(']') || !take('}')) {
            return null;
        }
        space();
        return i == b.length ? values : null;
    }

    private void space() {
        while (i < b.length && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
            i++;
        }
    }

    private boolean take(char c) {
        space();
        if (i < b.length && b[i] == c) {
            i++;
            return true;
        }
        return false;
    }

    private boolean key(byte[] quotedKey) {
        space();
        if (i + quotedKey.length > b.length) {
            return false;
        }
        for (int k = 0; k < quotedKey.length; k++) {
            if (b[i + k] != quotedKey[k]) {
                return false;
            }
        }
        i += quotedKey.length;
        return true;
    }

    /**
     * A JSON number of the form {@code int[.frac]}, NaN for anything else. The digits make an
     * exact integer and one division by a power of ten rounds it: the double nearest the
     * decimal, as {@link Double#parseDouble} gives, since both operands are exact in a double
     * (at most 15 digits, below 2^53; powers of ten up to 1e15 are exact).
     */
    private double number() {
        space();
        int start = i;
        long mantissa = 0;
        int digits = 0;
        int fraction = 0;
        while (i < b.length && b[i] >= '0' && b[i] <= '9') {
            mantissa = mantissa * 10 + (b[i++] - '0');
            digits++;
        }
        if (digits == 0 || digits > 1 && b[start] == '0') {
            return Double.NaN; // no digits, or a leading zero JSON forbids
        }
        if (i < b.length && b[i] == '.') {
            i++;
            while (i < b.length && b[i] >= '0' && b[i] <= '9' && digits <= 15) {
                mantissa = mantissa * 10 + (b[i++] - '0');
                digits++;
                fraction++;
            }
            if (fraction == 0) {
                return Double.NaN;
            }
        }
        if (digits > 15) {
            return Double.NaN; // not exact in a double (an exponent is left unread: the next comma is not found)
        }
        return mantissa / POWERS[fraction];
    }
}
