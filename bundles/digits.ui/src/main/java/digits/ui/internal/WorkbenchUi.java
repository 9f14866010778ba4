package digits.ui.internal;

import digits.api.Trainer;
import digits.api.TrainingRun;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.swt.widgets.Display;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns SWT's one Display: it runs on a thread this component starts, and lives as long as the
 * component. Closing the window stops the framework; the event loop keeps running until
 * {@link #deactivate()} disposes the Display, so nothing waits on a dead UI thread.
 *
 * <p>The services the window uses come from {@link Services}, the component Declarative
 * Services binds them to as they come and go.
 */
@Component(immediate = true)
public final class WorkbenchUi {

    private static final Logger LOG = LoggerFactory.getLogger(WorkbenchUi.class);

    private final Services services;
    private final AtomicReference<Display> display = new AtomicReference<>();
    private volatile MainWindow window;
    private Thread uiThread;

    @Activate
    public WorkbenchUi(BundleContext context, @Reference Services services) throws Exception {
        this.services = services;
        CompletableFuture<Void> opened = new CompletableFuture<>();
        uiThread = new Thread(() -> runUi(context, opened), "digits-ui");
        uiThread.start();
        opened.get(60, TimeUnit.SECONDS);
    }

    private void runUi(BundleContext context, CompletableFuture<Void> opened) {
        Display d;
        try {
            d = new Display();
            display.set(d);
            window = new MainWindow(d, services, () -> closing(context));
            window.shell.open();
            opened.complete(null);
        } catch (Throwable t) {
            opened.completeExceptionally(t);
            Display failed = display.get();
            if (failed != null && !failed.isDisposed()) {
                failed.dispose();
            }
            return;
        }
        while (!d.isDisposed()) {
            try {
                if (!d.readAndDispatch()) {
                    d.sleep();
                }
            } catch (RuntimeException e) {
                LOG.error("Error in the UI", e);
                MainWindow w = window;
                if (w != null && !w.shell.isDisposed()) {
                    w.status.problem("internal error: " + Ui.message(e) + " (details in the log)");
                }
            }
        }
    }

    /** The window is being closed: on the UI thread. */
    private void closing(BundleContext context) {
        // A run in progress stops after its batch and keeps its checkpoint; the engine's
        // deactivate waits for that, so the framework stops only once the checkpoint is written.
        services.trainer().flatMap(Trainer::current).ifPresent(TrainingRun::stop);
        try {
            // Felix stops the framework on a thread of its own, so the event loop keeps running
            // and deactivate() can still hand work to it.
            context.getBundle(Constants.SYSTEM_BUNDLE_ID).stop();
        } catch (BundleException | IllegalStateException e) {
            LOG.warn("Could not stop the framework", e);
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        Display d = display.get();
        if (d != null && !d.isDisposed()) {
            try {
                d.asyncExec(() -> {
                    if (!d.isDisposed()) {
                        d.dispose();
                    }
                });
                d.wake();
            } catch (org.eclipse.swt.SWTException e) {
                // disposed meanwhile
            }
        }
        uiThread.join(10_000);
    }
}
