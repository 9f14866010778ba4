package digits.ui.internal;

import digits.ui.WorkbenchWindow;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns SWT's one Display: it runs on a thread this component starts, and lives as long as the
 * component. Closing the window stops the framework; the event loop keeps running until
 * {@link #deactivate()} disposes the Display, so nothing waits on a dead UI thread.
 */
@Component(immediate = true)
public final class WorkbenchUi implements WorkbenchWindow {

    static final String TITLE = "Digit Workbench";
    private static final Logger LOG = LoggerFactory.getLogger(WorkbenchUi.class);

    private final AtomicReference<Display> display = new AtomicReference<>();
    private Thread uiThread;
    private Shell shell;
    private ServiceRegistration<WorkbenchWindow> registration;

    @Activate
    void activate(BundleContext context) throws Exception {
        CompletableFuture<Void> opened = new CompletableFuture<>();
        uiThread = new Thread(() -> runUi(context, opened), "digits-ui");
        uiThread.start();
        opened.get(30, TimeUnit.SECONDS);
        registration = context.registerService(WorkbenchWindow.class, this, null);
    }

    private void runUi(BundleContext context, CompletableFuture<Void> opened) {
        Display d;
        try {
            d = new Display();
            display.set(d);
            shell = new Shell(d);
            shell.setText(TITLE);
            shell.setLayout(new GridLayout(1, false));
            Label hint = new Label(shell, SWT.NONE);
            hint.setText("Digit Workbench: draw a digit to see what the model sees.");
            shell.setSize(1100, 760);
            shell.addListener(SWT.Close, e -> stopFramework(context));
            shell.open();
            opened.complete(null);
        } catch (Throwable t) {
            opened.completeExceptionally(t);
            return;
        }
        while (!d.isDisposed()) {
            try {
                if (!d.readAndDispatch()) {
                    d.sleep();
                }
            } catch (RuntimeException e) {
                LOG.error("Error in the UI", e);
            }
        }
    }

    private static void stopFramework(BundleContext context) {
        try {
            // Felix stops the framework on a thread of its own, so the event loop keeps running
            // and deactivate() can still hand work to it.
            context.getBundle(0).stop();
        } catch (BundleException | IllegalStateException e) {
            LOG.warn("Could not stop the framework", e);
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        if (registration != null) {
            registration.unregister();
        }
        Display d = display.get();
        if (d != null && !d.isDisposed()) {
            d.asyncExec(() -> {
                if (!d.isDisposed()) {
                    d.dispose();
                }
            });
            d.wake();
        }
        uiThread.join(10_000);
    }

    @Override
    public String title() {
        return TITLE;
    }

    @Override
    public void screenshot(Path png) throws Exception {
        Display d = display.get();
        AtomicReference<Exception> failure = new AtomicReference<>();
        d.syncExec(() -> {
            try {
                shell.forceActive();
                while (d.readAndDispatch()) {
                    // let pending paints finish so the picture shows what a user sees
                }
                Point size = shell.getSize();
                Image image = new Image(d, size.x, size.y);
                GC gc = new GC(shell);
                try {
                    gc.copyArea(image, 0, 0);
                    ImageData data = image.getImageData();
                    ImageLoader loader = new ImageLoader();
                    loader.data = new ImageData[] {data};
                    loader.save(png.toString(), SWT.IMAGE_PNG);
                } finally {
                    gc.dispose();
                    image.dispose();
                }
            } catch (Exception e) {
                failure.set(e);
            }
        });
        if (failure.get() != null) {
            throw failure.get();
        }
    }
}
