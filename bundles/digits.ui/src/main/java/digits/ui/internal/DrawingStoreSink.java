package digits.ui.internal;

import digits.api.GrayImage;
import digits.data.DrawingStore;
import java.io.IOException;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Offers the data bundle's {@link DrawingStore} to the window as a {@link DrawingSink}. A
 * component of its own so that {@code digits.data} stays an optional import: without it this
 * class cannot load and only this component fails, not the window.
 */
@Component(service = DrawingSink.class)
public final class DrawingStoreSink implements DrawingSink {

    private final DrawingStore store;

    @Activate
    public DrawingStoreSink(@Reference DrawingStore store) {
        this.store = store;
    }

    @Override
    public Path save(GrayImage input28, int label) throws IOException {
        return store.save(input28, label);
    }

    @Override
    public int count() {
        return store.count();
    }

    @Override
    public Path folder() {
        return store.folder();
    }
}
