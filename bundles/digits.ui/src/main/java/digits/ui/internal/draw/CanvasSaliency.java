package digits.ui.internal.draw;

import digits.api.GrayImage;

/**
 * Lays a saliency map of the 28x28 input back over the drawing it was made from. A preprocessor
 * crops, scales and shifts the ink (the MNIST recipe: box to 20x20, centre of mass to the
 * middle); the same transform is found from the ink itself, without knowing the recipe: the
 * centres of mass of the drawing's ink and of the input's match, and the scale is the ratio of
 * their spreads (the root of the second moments), which any crop-scale-shift keeps.
 */
final class CanvasSaliency {

    private CanvasSaliency() {
    }

    private record Moments(double mass, double x, double y, double spread) {}

    private static Moments moments(GrayImage image) {
        double mass = 0;
        double sx = 0;
        double sy = 0;
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                double v = image.at(x, y);
                mass += v;
                sx += v * x;
                sy += v * y;
            }
        }
        if (mass <= 0) {
            return null;
        }
        double mx = sx / mass;
        double my = sy / mass;
        double var = 0;
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                double v = image.at(x, y);
                var += v * ((x - mx) * (x - mx) + (y - my) * (y - my));
            }
        }
        return new Moments(mass, mx, my, Math.sqrt(var / mass));
    }

    /**
     * The map at the drawing's size: each pixel of the drawing takes the value of the input pixel
     * it became (0 outside the input).
     *
     * @param map     the saliency map, as large as {@code input}
     * @param input   what the preprocessor made of {@code drawing}
     * @param drawing the ink of the drawing (1 ink, 0 paper)
     * @return null when either has no ink
     */
    static GrayImage onDrawing(GrayImage map, GrayImage input, GrayImage drawing) {
        Moments in = moments(input);
        Moments d = moments(drawing);
        if (in == null || d == null || d.spread() <= 0) {
            return null;
        }
        double scale = in.spread() / d.spread();
        float[] out = new float[drawing.width() * drawing.height()];
        for (int y = 0; y < drawing.height(); y++) {
            int iy = (int) Math.round(in.y() + (y - d.y()) * scale);
            if (iy < 0 || iy >= map.height()) {
                continue;
            }
            for (int x = 0; x < drawing.width(); x++) {
                int ix = (int) Math.round(in.x() + (x - d.x()) * scale);
                if (ix >= 0 && ix < map.width()) {
                    out[y * drawing.width() + x] = map.at(ix, iy);
                }
            }
        }
        return new GrayImage(drawing.width(), drawing.height(), out);
    }
}
