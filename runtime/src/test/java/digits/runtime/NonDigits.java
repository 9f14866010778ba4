package digits.runtime;

import digits.api.GrayImage;
import digits.preprocess.Images;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.GlyphVector;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What is not a digit, drawn as a person would on the 280x280 canvas (black ink on white, the
 * canvas's brush width): the 52 Latin letters typeset in three fonts, and random scribbles.
 */
final class NonDigits {

    static final int SIDE = 280;
    static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    static final String[] FONTS = {"DejaVu Sans", "DejaVu Serif", "DejaVu Sans Mono"};
    /** The canvas's default brush (DrawingCanvas.DEFAULT_BRUSH) on a 280-pixel canvas. */
    static final float BRUSH = 18;

    private NonDigits() {}

    /** Every letter in every font, large and centred, as canvases. */
    static List<GrayImage> letters() {
        List<GrayImage> out = new ArrayList<>();
        for (String family : FONTS) {
            for (char c : LETTERS.toCharArray()) {
                BufferedImage b = paper();
                Graphics2D g = pen(b);
                GlyphVector gv = new Font(family, Font.PLAIN, 190).createGlyphVector(g.getFontRenderContext(), String.valueOf(c));
                Rectangle2D box = gv.getVisualBounds();
                g.translate(SIDE / 2.0 - box.getCenterX(), SIDE / 2.0 - box.getCenterY());
                g.setStroke(new BasicStroke(6, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g.fill(gv.getOutline());
                g.draw(gv.getOutline());
                g.dispose();
                out.add(canvas(b));
            }
        }
        return out;
    }

    /** A scribble: one stroke of 5 to 12 random curves anywhere on the canvas, as points 280-based. */
    static List<int[]> scribble(SplittableRandom r) {
        List<int[]> points = new ArrayList<>();
        int[] at = {30 + r.nextInt(220), 30 + r.nextInt(220)};
        points.add(at);
        int curves = 4 + r.nextInt(8);
        for (int k = 0; k < curves; k++) {
            int[] control = {30 + r.nextInt(220), 30 + r.nextInt(220)};
            int[] to = {30 + r.nextInt(220), 30 + r.nextInt(220)};
            int[] from = points.get(points.size() - 1);
            for (int s = 1; s <= 12; s++) { // a quadratic curve as 12 segments
                double t = s / 12.0;
                points.add(new int[] {
                    (int) Math.round((1 - t) * (1 - t) * from[0] + 2 * (1 - t) * t * control[0] + t * t * to[0]),
                    (int) Math.round((1 - t) * (1 - t) * from[1] + 2 * (1 - t) * t * control[1] + t * t * to[1])});
            }
        }
        return points;
    }

    /** A stroke drawn with the canvas's brush, as a canvas. */
    static GrayImage drawn(List<int[]> stroke) {
        BufferedImage b = paper();
        Graphics2D g = pen(b);
        g.setStroke(new BasicStroke(BRUSH, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Path2D p = new Path2D.Double();
        p.moveTo(stroke.get(0)[0], stroke.get(0)[1]);
        for (int[] pt : stroke.subList(1, stroke.size())) {
            p.lineTo(pt[0], pt[1]);
        }
        g.draw(p);
        g.dispose();
        return canvas(b);
    }

    private static BufferedImage paper() {
        BufferedImage b = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = b.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, SIDE, SIDE);
        g.dispose();
        return b;
    }

    private static Graphics2D pen(BufferedImage b) {
        Graphics2D g = b.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.BLACK);
        return g;
    }

    private static GrayImage canvas(BufferedImage b) {
        return Images.fromArgb(SIDE, SIDE, b.getRGB(0, 0, SIDE, SIDE, null, 0, SIDE));
    }
}
