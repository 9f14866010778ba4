package digits.preprocess;

import digits.api.GrayImage;

/** Synthetic test images and the measures the tests check them by. */
public final class Shapes {

    private Shapes() {
    }

    /** A filled rectangle of full ink on a blank canvas. */
    public static GrayImage bar(int width, int height, int x0, int y0, int barWidth, int barHeight) {
        float[] p = new float[width * height];
        for (int y = y0; y < y0 + barHeight; y++) {
            for (int x = x0; x < x0 + barWidth; x++) {
                p[y * width + x] = 1f;
            }
        }
        return new GrayImage(width, height, p);
    }

    /** An anti-aliased "7" on 28x28, shaped roughly like MNIST's: lopsided, so its centre of mass is not its box's centre. */
    public static GrayImage seven() {
        return strokes(28, 2.6, new double[][] {{7, 6, 20, 6}, {20, 6, 11, 23}, {11, 15, 18, 15}});
    }

    /** An anti-aliased ring ("0") on 28x28. */
    public static GrayImage ring() {
        float[] p = new float[28 * 28];
        int n = 4;
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                int hits = 0;
                for (int sy = 0; sy < n; sy++) {
                    for (int sx = 0; sx < n; sx++) {
                        double u = x + (sx + 0.5) / n - 0.5 - 13.5;
                        double v = y + (sy + 0.5) / n - 0.5 - 13.5;
                        double r = Math.hypot(u / 6.5, v / 9.0);
                        if (r > 0.8 && r < 1.0) {
                            hits++;
                        }
                    }
                }
                p[y * 28 + x] = hits / (float) (n * n);
            }
        }
        return new GrayImage(28, 28, p);
    }

    /** Line segments {x0, y0, x1, y1} of the given thickness, 4x4 supersampled. */
    public static GrayImage strokes(int side, double thickness, double[][] segments) {
        float[] p = new float[side * side];
        int n = 4;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int hits = 0;
                for (int sy = 0; sy < n; sy++) {
                    for (int sx = 0; sx < n; sx++) {
                        double u = x + (sx + 0.5) / n - 0.5;
                        double v = y + (sy + 0.5) / n - 0.5;
                        for (double[] s : segments) {
                            if (distance(u, v, s) <= thickness / 2) {
                                hits++;
                                break;
                            }
                        }
                    }
                }
                p[y * side + x] = hits / (float) (n * n);
            }
        }
        return new GrayImage(side, side, p);
    }

    private static double distance(double u, double v, double[] s) {
        double dx = s[2] - s[0];
        double dy = s[3] - s[1];
        double t = ((u - s[0]) * dx + (v - s[1]) * dy) / (dx * dx + dy * dy);
        t = Math.max(0, Math.min(1, t));
        return Math.hypot(u - s[0] - t * dx, v - s[1] - t * dy);
    }

    public static double mass(float[] p) {
        double m = 0;
        for (float v : p) {
            m += v;
        }
        return m;
    }

    /** The centre of mass {x, y} in pixel-index coordinates. */
    public static double[] centreOfMass(GrayImage image) {
        double m = 0;
        double mx = 0;
        double my = 0;
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                float v = image.at(x, y);
                m += v;
                mx += x * v;
                my += y * v;
            }
        }
        return new double[] {mx / m, my / m};
    }

    /** The box {width, height} of the pixels above {@code threshold}. */
    public static int[] boxSize(GrayImage image, float threshold) {
        int x0 = Integer.MAX_VALUE;
        int y0 = Integer.MAX_VALUE;
        int x1 = -1;
        int y1 = -1;
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                if (image.at(x, y) > threshold) {
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x);
                    y1 = Math.max(y1, y);
                }
            }
        }
        return x1 < 0 ? new int[] {0, 0} : new int[] {x1 - x0 + 1, y1 - y0 + 1};
    }

    public static double meanAbsDifference(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / a.length;
    }

    public static String ascii(GrayImage image) {
        StringBuilder out = new StringBuilder();
        String ramp = " .:-=+*#%@";
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                out.append(ramp.charAt(Math.min(9, (int) (image.at(x, y) * 10))));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
