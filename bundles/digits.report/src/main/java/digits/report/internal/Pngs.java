package digits.report.internal;

import digits.api.GrayImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;

/** Images for the report: digits as PNG, and data URIs that embed them in the page. */
final class Pngs {

    private Pngs() {}

    /** Ink as black on white, each pixel a {@code scale}-pixel square (no blur when shown large). */
    static byte[] of(GrayImage image, int scale) {
        Headless.ensure();
        BufferedImage out = new BufferedImage(image.width() * scale, image.height() * scale, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                float ink = Math.max(0, Math.min(1, image.at(x / scale, y / scale)));
                int v = Math.round(255 * (1 - ink));
                out.getRaster().setSample(x, y, 0, v);
            }
        }
        return encode(out);
    }

    /** The digit as {@link #of} draws it, with a saliency map in [0, 1] laid over it in red. */
    static byte[] overlay(GrayImage image, GrayImage map, int scale) {
        Headless.ensure();
        BufferedImage out = new BufferedImage(image.width() * scale, image.height() * scale, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                float ink = Math.max(0, Math.min(1, image.at(x / scale, y / scale)));
                float heat = Math.max(0, Math.min(1, map.at(x / scale, y / scale)));
                int g = Math.round(255 * (1 - ink));
                int r = Math.round(g + (0xc6 - g) * heat);
                int gb = Math.round(g + (0x28 - g) * heat);
                out.setRGB(x, y, (r << 16) | (gb << 8) | gb);
            }
        }
        return encode(out);
    }

    static byte[] encode(BufferedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", bytes)) {
                throw new IllegalStateException("no PNG writer in this Java runtime");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a PNG image", e);
        }
        return bytes.toByteArray();
    }

    static String dataUri(String mediaType, byte[] content) {
        return "data:" + mediaType + ";base64," + Base64.getEncoder().encodeToString(content);
    }
}
