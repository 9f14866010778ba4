package digits.ui.internal.widgets;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.FontData;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;

/**
 * The colours and fonts the custom-drawn views share (the reference's cyan and magenta on the
 * platform's own widgets). Made once for the window and disposed with it.
 */
public final class Theme {

    public final Color paper;
    public final Color ink;
    public final Color text;
    public final Color muted;
    public final Color grid;
    public final Color track;
    public final Color accent;
    public final Color accent2;
    public final Color magenta;
    public final Color orange;
    public final Color green;
    public final Color panel;
    public final Font huge;
    public final Font heading;
    public final Font bold;
    public final Font small;
    public final Font mono;

    private final Color[] colors;
    private final Font[] fonts;

    public Theme(Control owner) {
        Display d = owner.getDisplay();
        paper = new Color(255, 255, 255);
        ink = new Color(0, 0, 0);
        text = new Color(33, 37, 41);
        muted = new Color(108, 117, 125);
        grid = new Color(226, 230, 234);
        track = new Color(233, 236, 239);
        accent = new Color(0, 172, 193);
        accent2 = new Color(33, 150, 243);
        magenta = new Color(233, 30, 214);
        orange = new Color(245, 124, 0);
        green = new Color(46, 160, 67);
        panel = new Color(248, 249, 250);
        colors = new Color[] {paper, ink, text, muted, grid, track, accent, accent2, magenta, orange, green, panel};

        FontData base = d.getSystemFont().getFontData()[0];
        huge = font(d, base, 72, SWT.BOLD);
        heading = font(d, base, Math.round(base.getHeight() * 1.25f), SWT.BOLD);
        bold = font(d, base, base.getHeight(), SWT.BOLD);
        small = font(d, base, Math.max(7, base.getHeight() - 1), SWT.NORMAL);
        mono = new Font(d, new FontData("DejaVu Sans Mono", base.getHeight(), SWT.NORMAL));
        fonts = new Font[] {huge, heading, bold, small, mono};
        owner.addDisposeListener(e -> dispose());
    }

    private static Font font(Display d, FontData base, int height, int style) {
        return new Font(d, new FontData(base.getName(), height, style));
    }

    /** A colour between two, {@code t} from 0 (first) to 1 (second); the caller disposes it. */
    public static Color blend(RGB a, RGB b, double t) {
        double u = Math.max(0, Math.min(1, t));
        return new Color((int) Math.round(a.red + (b.red - a.red) * u),
                (int) Math.round(a.green + (b.green - a.green) * u),
                (int) Math.round(a.blue + (b.blue - a.blue) * u));
    }

    private void dispose() {
        for (Color c : colors) {
            c.dispose();
        }
        for (Font f : fonts) {
            f.dispose();
        }
    }
}
