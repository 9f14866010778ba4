package digits.report;

import digits.api.LayerSummary;
import digits.api.ModelSummary;
import digits.report.internal.Headless;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * A network drawn in the spirit of visualkeras: one box per layer, left to right, sized by the
 * layer's output shape and coloured by its kind, with a legend. For an image-shaped output
 * (HxWxC) the box's height follows the spatial size, its width the number of channels (on a log
 * scale, so 1 and 64 channels both stay readable) and its depth the width; a vector output (N)
 * is a tall thin bar whose height follows N on a log scale. Under each box: the layer's name,
 * output shape and parameter count.
 *
 * <p>The same drawing comes as a PNG image ({@link #png}) or as SVG text ({@link #svg}). Plain
 * Java 2D on an offscreen image: no display is needed. Instances hold no state and are safe to
 * share between threads.
 */
public final class NetworkDiagram {

    /** A layer's kind: its colour in the diagram and its entry in the legend. */
    public enum Kind {
        INPUT("Input", 0x9aa5b1),
        CONV("Conv2D", 0x4e79a7),
        POOL("MaxPool2D", 0xf28e2b),
        BATCHNORM("BatchNorm", 0xedc948),
        DROPOUT("Dropout", 0xbab0ac),
        DENSE("Dense", 0x59a14f),
        OUTPUT("Dense (output)", 0xe15759),
        OTHER("Other", 0xb07aa1);

        private final String label;
        private final int rgb;

        Kind(String label, int rgb) {
            this.label = label;
            this.rgb = rgb;
        }

        /** The legend's text. */
        public String label() {
            return label;
        }

        /** The box's colour, {@code 0xRRGGBB}. */
        public int rgb() {
            return rgb;
        }

        /** The kind of a summarised layer, from its type (e.g. {@code Conv2D}, {@code Dense (output)}). */
        public static Kind of(LayerSummary layer) {
            String type = layer.type() == null ? "" : layer.type().toLowerCase(Locale.ROOT);
            if (type.contains("output") || "output".equalsIgnoreCase(layer.name())) {
                return OUTPUT;
            } else if (type.startsWith("conv")) {
                return CONV;
            } else if (type.contains("pool") || type.contains("subsampling")) {
                return POOL;
            } else if (type.contains("batchnorm") || type.contains("batchnormalization")) {
                return BATCHNORM;
            } else if (type.contains("dropout")) {
                return DROPOUT;
            } else if (type.contains("dense") || type.contains("feedforward")) {
                return DENSE;
            }
            return OTHER;
        }
    }

    private static final double MARGIN = 24;
    private static final double GAP = 14;
    private static final double NAME_SIZE = 11;
    private static final double SHAPE_SIZE = 10;
    private static final double TITLE_SIZE = 15;
    private static final String FONT = "SansSerif";

    /** A drawing: polygons then text, in drawing order, shared by the PNG and the SVG renderers. */
    private record Scene(double width, double height, String title, List<Poly> polys, List<Text> texts) {}

    private record Poly(double[] xs, double[] ys, int fill, int stroke) {}

    private record Text(double x, double y, String text, double size, boolean bold, boolean centred, int rgb) {}

    /** The diagram as an image at its natural size (about 70 pixels per layer). */
    public BufferedImage png(ModelSummary summary) {
        return png(summary, 1);
    }

    /** The diagram as an image, scaled (2 for a sharp image on a high-density screen). */
    public BufferedImage png(ModelSummary summary, double scale) {
        if (!(scale > 0 && scale <= 8)) {
            throw new IllegalArgumentException("scale must be in (0, 8], got " + scale);
        }
        Headless.ensure();
        Scene scene = layout(summary);
        BufferedImage image = new BufferedImage((int) Math.ceil(scene.width() * scale),
                (int) Math.ceil(scene.height() * scale), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.scale(scale, scale);
            g.setStroke(new BasicStroke(1f));
            for (Poly p : scene.polys()) {
                Path2D.Double path = new Path2D.Double();
                path.moveTo(p.xs()[0], p.ys()[0]);
                for (int i = 1; i < p.xs().length; i++) {
                    path.lineTo(p.xs()[i], p.ys()[i]);
                }
                path.closePath();
                g.setColor(new Color(p.fill()));
                g.fill(path);
                g.setColor(new Color(p.stroke()));
                g.draw(path);
            }
            for (Text t : scene.texts()) {
                Font font = new Font(FONT, t.bold() ? Font.BOLD : Font.PLAIN, 1).deriveFont((float) t.size());
                g.setFont(font);
                g.setColor(new Color(t.rgb()));
                FontMetrics fm = g.getFontMetrics();
                double x = t.centred() ? t.x() - fm.getStringBounds(t.text(), g).getWidth() / 2 : t.x();
                g.drawString(t.text(), (float) x, (float) t.y());
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /** The diagram as PNG bytes. */
    public byte[] pngBytes(ModelSummary summary, double scale) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(png(summary, scale), "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the diagram as PNG", e);
        }
        return out.toByteArray();
    }

    /** The diagram as a standalone SVG document, with its size in pixels. */
    public String svg(ModelSummary summary) {
        Scene scene = layout(summary);
        StringBuilder s = new StringBuilder(8192);
        s.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "font-family=\"DejaVu Sans, Verdana, Arial, sans-serif\">%n",
                (int) Math.ceil(scene.width()), (int) Math.ceil(scene.height()), (int) Math.ceil(scene.width()),
                (int) Math.ceil(scene.height())));
        s.append("<title>").append(escape(scene.title())).append("</title>\n");
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        for (Poly p : scene.polys()) {
            s.append("<polygon points=\"");
            for (int i = 0; i < p.xs().length; i++) {
                s.append(i == 0 ? "" : " ").append(num(p.xs()[i])).append(',').append(num(p.ys()[i]));
            }
            s.append("\" fill=\"").append(hex(p.fill())).append("\" stroke=\"").append(hex(p.stroke()))
                    .append("\" stroke-width=\"1\"/>\n");
        }
        for (Text t : scene.texts()) {
            s.append("<text x=\"").append(num(t.x())).append("\" y=\"").append(num(t.y()))
                    .append("\" font-size=\"").append(num(t.size())).append('"');
            if (t.bold()) {
                s.append(" font-weight=\"bold\"");
            }
            if (t.centred()) {
                s.append(" text-anchor=\"middle\"");
            }
            s.append(" fill=\"").append(hex(t.rgb())).append("\">").append(escape(t.text())).append("</text>\n");
        }
        return s.append("</svg>\n").toString();
    }

    // --- layout -------------------------------------------------------------------------------

    /** A box to draw: face width and height, and how far it reaches back (its depth). */
    private record Box(String name, String shape, long parameters, Kind kind, double w, double h, double depth) {
        double dx() {
            return depth;
        }

        double dy() {
            return depth * 0.6;
        }
    }

    private static Scene layout(ModelSummary summary) {
        List<Box> boxes = new ArrayList<>();
        if (!summary.layers().isEmpty() && summary.layers().get(0).inputShape() != null) {
            boxes.add(box("input", summary.layers().get(0).inputShape(), 0, Kind.INPUT));
        }
        for (LayerSummary l : summary.layers()) {
            boxes.add(box(l.name(), l.outputShape(), l.parameters(), Kind.of(l)));
        }
        double maxH = 0;
        double maxDy = 0;
        for (Box b : boxes) {
            maxH = Math.max(maxH, b.h());
            maxDy = Math.max(maxDy, b.dy());
        }
        String title = (summary.architecture() == null ? "network" : summary.architecture()) + " \u00b7 "
                + summary.layers().size() + " layers \u00b7 " + String.format(Locale.ROOT, "%,d", summary.totalParameters())
                + " parameters";
        List<Poly> polys = new ArrayList<>();
        List<Text> texts = new ArrayList<>();
        texts.add(new Text(MARGIN, MARGIN + 4, title, TITLE_SIZE, true, false, 0x222222));

        double top = MARGIN + 26 + maxDy;
        double cy = top + maxH / 2;
        double labelY = top + maxH + 20;
        double x = MARGIN;
        for (Box b : boxes) {
            String params = b.parameters() > 0 ? String.format(Locale.ROOT, "%,d params", b.parameters()) : "";
            double column = Math.max(b.w() + b.dx(), Math.max(textWidth(b.name(), NAME_SIZE, true),
                    Math.max(textWidth(b.shape(), SHAPE_SIZE, false), textWidth(params, SHAPE_SIZE, false))));
            double bx = x + (column - b.w() - b.dx()) / 2;
            double y0 = cy - b.h() / 2;
            double y1 = cy + b.h() / 2;
            int base = b.kind().rgb();
            // side, top, then front: the front face is drawn last, over the edges it shares
            polys.add(new Poly(new double[] {bx + b.w(), bx + b.w() + b.dx(), bx + b.w() + b.dx(), bx + b.w()},
                    new double[] {y0, y0 - b.dy(), y1 - b.dy(), y1}, mix(base, 0x000000, 0.25), mix(base, 0x000000, 0.5)));
            polys.add(new Poly(new double[] {bx, bx + b.dx(), bx + b.w() + b.dx(), bx + b.w()},
                    new double[] {y0, y0 - b.dy(), y0 - b.dy(), y0}, mix(base, 0xffffff, 0.35), mix(base, 0x000000, 0.5)));
            polys.add(new Poly(new double[] {bx, bx + b.w(), bx + b.w(), bx}, new double[] {y0, y0, y1, y1}, base,
                    mix(base, 0x000000, 0.5)));
            double centre = x + column / 2;
            texts.add(new Text(centre, labelY, b.name(), NAME_SIZE, true, true, 0x222222));
            texts.add(new Text(centre, labelY + 14, b.shape(), SHAPE_SIZE, false, true, 0x444444));
            if (!params.isEmpty()) {
                texts.add(new Text(centre, labelY + 27, params, SHAPE_SIZE, false, true, 0x777777));
            }
            x += column + GAP;
        }
        double contentRight = x - GAP;

        // the legend: the kinds present, in the order of the enum, wrapped to the diagram's width
        Set<Kind> kinds = new LinkedHashSet<>();
        for (Kind k : Kind.values()) {
            if (boxes.stream().anyMatch(b -> b.kind() == k)) {
                kinds.add(k);
            }
        }
        double legendWidth = 0;
        for (Kind k : kinds) {
            legendWidth += 18 + textWidth(k.label(), NAME_SIZE, false) + 18;
        }
        double width = Math.max(contentRight, MARGIN + Math.min(legendWidth, 900)) + MARGIN;
        double lx = MARGIN;
        double ly = labelY + 50;
        for (Kind k : kinds) {
            double item = 18 + textWidth(k.label(), NAME_SIZE, false) + 18;
            if (lx > MARGIN && lx + item > width - MARGIN) {
                lx = MARGIN;
                ly += 20;
            }
            polys.add(new Poly(new double[] {lx, lx + 12, lx + 12, lx}, new double[] {ly - 10, ly - 10, ly + 2, ly + 2},
                    k.rgb(), mix(k.rgb(), 0x000000, 0.5)));
            texts.add(new Text(lx + 18, ly, k.label(), NAME_SIZE, false, false, 0x333333));
            lx += item;
        }
        return new Scene(width, ly + 10 + MARGIN, title, polys, texts);
    }

    /** Sizes a box from a shape such as {@code 26x26x16} (image) or {@code 128} (vector). */
    private static Box box(String name, String shape, long parameters, Kind kind) {
        long[] dims = dims(shape);
        String shown = shape == null ? "?" : shape;
        String label = name == null ? "" : name;
        if (dims.length == 3) {
            double h = clamp(4.5 * dims[0], 16, 140);
            double w = clamp(6 + 11 * log2(dims[2]), 6, 90);
            double depth = clamp(1.4 * dims[1], 6, 40);
            return new Box(label, shown, parameters, kind, w, h, depth);
        } else if (dims.length == 1) {
            return new Box(label, shown, parameters, kind, 9, clamp(13 * log2(dims[0] + 1), 16, 150), 8);
        }
        return new Box(label, shown, parameters, kind, 30, 30, 10);
    }

    private static long[] dims(String shape) {
        if (shape == null || shape.isBlank()) {
            return new long[0];
        }
        String[] parts = shape.trim().split("x");
        long[] out = new long[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                out[i] = Long.parseLong(parts[i].trim());
                if (out[i] <= 0) {
                    return new long[0];
                }
            }
        } catch (NumberFormatException e) {
            return new long[0];
        }
        return out;
    }

    private static double log2(double v) {
        return Math.log(Math.max(1, v)) / Math.log(2);
    }

    private static double clamp(double v, double min, double max) {
        return Math.max(min, Math.min(max, v));
    }

    /**
     * An estimate of a text's width in pixels, used for the layout so that the PNG and the SVG
     * (whose text the viewer's fonts measure) are laid out alike; generous for DejaVu Sans.
     */
    private static double textWidth(String text, double size, boolean bold) {
        return text.length() * size * (bold ? 0.66 : 0.6);
    }

    private static int mix(int rgb, int with, double amount) {
        int r = (int) Math.round(((rgb >> 16) & 0xff) * (1 - amount) + ((with >> 16) & 0xff) * amount);
        int g = (int) Math.round(((rgb >> 8) & 0xff) * (1 - amount) + ((with >> 8) & 0xff) * amount);
        int b = (int) Math.round((rgb & 0xff) * (1 - amount) + (with & 0xff) * amount);
        return (r << 16) | (g << 8) | b;
    }

    private static String hex(int rgb) {
        return String.format(Locale.ROOT, "#%06x", rgb & 0xffffff);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
