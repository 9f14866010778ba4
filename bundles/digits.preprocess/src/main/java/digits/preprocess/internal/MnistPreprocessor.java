package digits.preprocess.internal;

import digits.api.GrayImage;
import digits.api.Preprocessor;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * The recipe MNIST was made with (LeCun et al.): the ink's bounding box is scaled to fit a 20x20
 * box, aspect ratio kept and anti-aliased, then placed in a 28x28 frame so that the ink's centre
 * of mass falls on the frame's centre, pixel (14, 14).
 *
 * <p>Following the recipe matters more than any single step: a network trained on MNIST has only
 * seen digits whose longer side is 20 pixels and whose centre of mass is at (14, 14) (the mean
 * over 2,000 MNIST test digits is (14.00, 13.99) in pixel-index coordinates). Centring the
 * bounding box instead leaves a lopsided digit, a 7 or a 4, about a pixel away from where the
 * network expects it.
 *
 * <p>Two additions keep the recipe honest on real input: pixels below {@link Ink#THRESHOLD} are
 * background (noise never becomes ink, and an image without ink gives no input at all), and a
 * digit that comes out of the averaging fainter than full ink (a thin pen on a large picture) is
 * brightened to peak at 1, as every MNIST digit does.
 */
@Component(service = Preprocessor.class, property = {"service.ranking:Integer=" + MnistPreprocessor.RANKING})
public final class MnistPreprocessor implements Preprocessor {

    /** Its service ranking: the highest-ranked preprocessor is the one the workbench uses. */
    static final int RANKING = 100;

    private static final int SIDE = GrayImage.MODEL_SIDE;
    /** The box the digit's longer side is scaled to, as in MNIST. */
    private static final int BOX = 20;
    /** The target of the centre of mass, in pixel-index coordinates (pixel i's centre is i). */
    private static final double CENTRE = SIDE / 2.0;

    @Override
    public String id() {
        return "mnist";
    }

    @Override
    public String description() {
        return "MNIST recipe: ink box scaled to 20x20 (aspect kept, anti-aliased), centre of mass at the centre of 28x28";
    }

    @Override
    public Optional<GrayImage> toModelInput(GrayImage image) {
        float[] out = process(image.pixels(), image.width(), image.height());
        return out == null ? Optional.empty() : Optional.of(new GrayImage(SIDE, SIDE, out));
    }

    /**
     * The recipe on a raw array, which it clears of background in place.
     *
     * @return the 28x28 pixels, or null when there is no ink
     */
    static float[] process(float[] p, int width, int height) {
        Ink.Box box = Ink.clearAndFind(p, width, height);
        if (box == null) {
            return null;
        }
        int bw = box.width();
        int bh = box.height();
        // One scale for both axes keeps the aspect ratio; the longer side becomes exactly 20.
        double scale = (double) BOX / Math.max(bw, bh);
        int tw = Math.max(1, Math.min(BOX, (int) Math.round(bw * scale)));
        int th = Math.max(1, Math.min(BOX, (int) Math.round(bh * scale)));
        // The scaled box is centred on its tw x th pixels: a one-pixel-wide stroke of a tall
        // digit then lands in one output column with the intensity area averaging gives it.
        Resample.Axis ax = Resample.Axis.of(tw, box.x0(), box.x1(), scale, box.x0() + bw / 2.0 - tw / (2 * scale));
        Resample.Axis ay = Resample.Axis.of(th, box.y0(), box.y1(), scale, box.y0() + bh / 2.0 - th / (2 * scale));
        float[] digit = Resample.apply(p, width, ax, ay);

        // LeCun centred the box first, then moved it by the rounded offset of the centre of mass.
        // Whole-pixel shifts keep the strokes as sharp as the scaling left them.
        int ox = (SIDE - tw) / 2;
        int oy = (SIDE - th) / 2;
        double mass = 0;
        double mx = 0;
        double my = 0;
        float peak = 0;
        for (int y = 0; y < th; y++) {
            for (int x = 0; x < tw; x++) {
                float v = digit[y * tw + x];
                peak = Math.max(peak, v);
                mass += v;
                mx += x * v;
                my += y * v;
            }
        }
        if (mass <= 0) {
            return null;
        }
        ox += (int) Math.round(CENTRE - (ox + mx / mass));
        oy += (int) Math.round(CENTRE - (oy + my / mass));

        // Every MNIST digit peaks at full ink (254 or 255). A thin pen on a large picture comes
        // out of the area averaging faint, so it is brightened to peak at 1; a normal stroke
        // already does and is left as it is.
        float gain = peak < 1 ? 1 / peak : 1;
        float[] out = new float[SIDE * SIDE];
        // Clipped to the frame: a very lopsided digit may lose an edge, as in MNIST.
        int x0 = Math.max(0, -ox);
        int x1 = Math.min(tw, SIDE - ox);
        int y0 = Math.max(0, -oy);
        int y1 = Math.min(th, SIDE - oy);
        for (int y = y0; y < y1; y++) {
            int src = y * tw;
            int dst = (y + oy) * SIDE + ox;
            for (int x = x0; x < x1; x++) {
                float v = digit[src + x] * gain;
                out[dst + x] = v < 0 ? 0 : v > 1 ? 1 : v;
            }
        }
        return out;
    }
}
