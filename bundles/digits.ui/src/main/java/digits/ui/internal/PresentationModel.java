package digits.ui.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a tab shows and does, without a widget: its state, the service calls and the worker
 * threads. A view renders it and is told of every change, on whatever thread the change
 * happened; the view hands the news to the display thread (a {@link Ui.Coalescer}). No SWT type
 * appears in a model, so a unit test drives it without a display.
 */
public abstract class PresentationModel {

    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    /** @param listener told of every change of the model's state, on any thread */
    public final void addListener(Runnable listener) {
        listeners.add(listener);
    }

    protected final void changed() {
        listeners.forEach(Runnable::run);
    }
}
