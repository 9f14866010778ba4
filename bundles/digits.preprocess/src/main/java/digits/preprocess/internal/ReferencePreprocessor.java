package digits.preprocess.internal;

import digits.api.GrayImage;
import digits.api.Preprocessor;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * The reference project's method, kept for comparison: the ink's bounding box is centred on a
 * 280x280 canvas, which is then averaged down in 10x10 blocks. The digit keeps the size it was
 * drawn at, so a small drawing gives a small digit; an input of another size is first stretched
 * to 280x280 (each axis on its own, as the reference's resize does).
 */
@Component(service = Preprocessor.class, property = {"service.ranking:Integer=" + ReferencePreprocessor.RANKING})
public final class ReferencePreprocessor implements Preprocessor {

    /** Its service ranking, below the MNIST recipe's: offered for comparison, never preferred. */
    static final int RANKING = 0;

    private static final int CANVAS = 280;
    private static final int SIDE = GrayImage.MODEL_SIDE;
    private static final int BLOCK = CANVAS / SIDE;

    @Override
    public String id() {
        return "reference";
    }

    @Override
    public String description() {
        return "reference: ink box centred on a 280x280 canvas, averaged in 10x10 blocks";
    }

    @Override
    public Optional<GrayImage> toModelInput(GrayImage image) {
        float[] out = process(image.pixels(), image.width(), image.height());
        return out == null ? Optional.empty() : Optional.of(new GrayImage(SIDE, SIDE, out));
    }

    static float[] process(float[] p, int width, int height) {
        float[] canvas = p;
        if (width != CANVAS || height != CANVAS) {
            canvas = Resample.apply(p,
                    width,
                    Resample.Axis.of(CANVAS, 0, width, (double) CANVAS / width, 0),
                    Resample.Axis.of(CANVAS, 0, height, (double) CANVAS / height, 0));
        }
        Ink.Box box = Ink.clearAndFind(canvas, CANVAS, CANVAS);
        if (box == null) {
            return null;
        }
        int dx = (CANVAS - box.width()) / 2 - box.x0();
        int dy = (CANVAS - box.height()) / 2 - box.y0();
        float[] out = new float[SIDE * SIDE];
        for (int y = box.y0(); y < box.y1(); y++) {
            int cy = y + dy;
            for (int x = box.x0(); x < box.x1(); x++) {
                out[(cy / BLOCK) * SIDE + (x + dx) / BLOCK] += canvas[y * CANVAS + x];
            }
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.min(1f, out[i] / (BLOCK * BLOCK));
        }
        return out;
    }
}
