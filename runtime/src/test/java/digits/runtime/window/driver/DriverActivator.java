package digits.runtime.window.driver;

import digits.runtime.window.WorkbenchWindow;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.swt.SWTException;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * Publishes the {@link WorkbenchWindow} service once the workbench window is open: it looks for
 * the Display of the UI bundle's thread ({@value #UI_THREAD}) and its shell, as any SWT code in
 * the process may, through the framework's SWT bundle.
 */
public final class DriverActivator implements BundleActivator {

    static final String UI_THREAD = "digits-ui";
    static final String TITLE = "Digit Workbench";

    private volatile boolean stopped;
    private Thread watcher;

    @Override
    public void start(BundleContext context) {
        watcher = new Thread(() -> {
            while (!stopped) {
                Shell shell = openWindow();
                if (shell != null) {
                    context.registerService(WorkbenchWindow.class,
                            new WindowDriver(shell.getDisplay(), shell), null);
                    return;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "digits-window-driver");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static Shell openWindow() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (!t.getName().equals(UI_THREAD)) {
                continue;
            }
            Display display = Display.findDisplay(t);
            if (display == null || display.isDisposed()) {
                continue;
            }
            AtomicReference<Shell> found = new AtomicReference<>();
            try {
                display.syncExec(() -> {
                    for (Shell s : display.getShells()) {
                        if (TITLE.equals(s.getText()) && s.isVisible()) {
                            found.set(s);
                        }
                    }
                });
            } catch (SWTException e) {
                continue; // disposed meanwhile
            }
            return found.get();
        }
        return null;
    }

    @Override
    public void stop(BundleContext context) throws InterruptedException {
        stopped = true;
        watcher.interrupt();
        watcher.join(5_000);
    }
}
