package digits.ui.internal.widgets;

import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Layout;

/**
 * Gives a composite's only child the largest square that fits, centred horizontally and at the
 * top: the canvas grows with the window and stays square.
 */
public final class SquareLayout extends Layout {

    private final int preferred;

    public SquareLayout(int preferred) {
        this.preferred = preferred;
    }

    @Override
    protected Point computeSize(Composite composite, int wHint, int hHint, boolean flushCache) {
        int w = wHint > 0 ? wHint : preferred;
        int h = hHint > 0 ? hHint : preferred;
        int side = Math.min(w, h);
        return new Point(side, side);
    }

    @Override
    protected void layout(Composite composite, boolean flushCache) {
        Rectangle area = composite.getClientArea();
        int side = Math.max(1, Math.min(area.width, area.height));
        for (Control child : composite.getChildren()) {
            child.setBounds(area.x + (area.width - side) / 2, area.y, side, side);
        }
    }
}
