package digits.ui.internal.widgets;

import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;

/** Where a mouse button event happened on a control. */
public final class Pointer {

    private Pointer() {
    }

    /**
     * The event's position, in the control's coordinates. SWT 3.135 on GTK 3 delivers button
     * events made with {@code Display.post} (scripted input, UI tests) at the origin of the
     * toplevel window, outside the control they reach; a real press on a control is always
     * inside it. For such an event the pointer's own position is the truth.
     */
    public static Point of(Control control, Event e) {
        Point size = control.getSize();
        if (e.x >= 0 && e.y >= 0 && e.x < size.x && e.y < size.y) {
            return new Point(e.x, e.y);
        }
        return control.toControl(control.getDisplay().getCursorLocation());
    }
}
