package digits.ui.internal.bundles;

import digits.ui.internal.PresentationModel;
import digits.ui.internal.Status;
import digits.ui.internal.Ui;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Constants;

/**
 * What the Bundles tab shows and does: every installed bundle and its state, kept current by a
 * bundle listener; install a bundle from a file, start, stop or uninstall one. The framework
 * works on this model's thread, never on the UI thread: stopping the window's own bundle waits
 * for the UI thread.
 */
public final class BundlesModel extends PresentationModel {

    /** A bundle as the table shows it. */
    public record Row(long id, String state, String symbolicName, String version, String name, int stateCode,
            boolean fragment) {}

    private final BundleContext context;
    private final Status status;
    private final BundleListener listener = e -> changed();
    private final ExecutorService worker = Ui.worker("digits-bundle-operations");

    /** @param status where the operations report, from the model's thread */
    public BundlesModel(BundleContext context, Status status) {
        this.context = context;
        this.status = status;
        context.addBundleListener(listener);
    }

    /** The bundles, by id; empty once this bundle stops. */
    public List<Row> rows() {
        Bundle[] bundles;
        try {
            bundles = context.getBundles();
        } catch (IllegalStateException e) {
            return List.of(); // this bundle is stopping
        }
        return Arrays.stream(bundles).sorted(Comparator.comparingLong(Bundle::getBundleId)).map(b -> {
            String name = b.getHeaders().get(Constants.BUNDLE_NAME);
            return new Row(b.getBundleId(), state(b), String.valueOf(b.getSymbolicName()), b.getVersion().toString(),
                    name == null ? "" : name, b.getState(), isFragment(b));
        }).toList();
    }

    /** {@code "42 bundles, 40 active. ..."} */
    public String summary() {
        List<Row> rows = rows();
        long active = rows.stream().filter(r -> r.stateCode() == Bundle.ACTIVE).count();
        return rows.size() + " bundles, " + active + " active. Install adds a bundle from a jar; "
                + "bundles dropped into the plugins folder are installed too.";
    }

    private static boolean isFragment(Bundle b) {
        return b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
    }

    static String state(Bundle b) {
        String s = switch (b.getState()) {
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> Integer.toString(b.getState());
        };
        return isFragment(b) && b.getState() == Bundle.RESOLVED ? s + " (fragment)" : s;
    }

    public boolean canStart(Row r) {
        return r.id() != 0 && !r.fragment() && r.stateCode() != Bundle.ACTIVE && r.stateCode() != Bundle.UNINSTALLED;
    }

    public boolean canStop(Row r) {
        return r.id() != 0 && !r.fragment() && r.stateCode() == Bundle.ACTIVE;
    }

    public boolean canUninstall(Row r) {
        return r.id() != 0 && r.stateCode() != Bundle.UNINSTALLED;
    }

    /** Whether the bundle is the window's own: stopping it closes the window. */
    public boolean isWindow(Row r) {
        return r.id() == context.getBundle().getBundleId();
    }

    private interface Operation {
        void apply(Bundle b) throws BundleException;
    }

    public void start(Row r) {
        operate("Start", "started ", r, Bundle::start);
    }

    public void stop(Row r) {
        operate("Stop", "stopped ", r, Bundle::stop);
    }

    public void uninstall(Row r) {
        operate("Uninstall", "uninstalled ", r, Bundle::uninstall);
    }

    private void operate(String verb, String done, Row r, Operation operation) {
        background(verb + " " + r.symbolicName(), () -> {
            Bundle b = Optional.ofNullable(context.getBundle(r.id()))
                    .orElseThrow(() -> new BundleException("bundle " + r.id() + " is no longer installed"));
            operation.apply(b);
            return done + r.symbolicName() + " " + r.version();
        });
    }

    /** Installs the bundle in {@code file} and starts it, unless it is a fragment. */
    public void install(Path file) {
        background("Install bundle", () -> {
            Bundle b = context.installBundle(file.toUri().toString());
            if (!isFragment(b)) {
                b.start();
            }
            return "installed " + (isFragment(b) ? "" : "and started ") + b.getSymbolicName() + " " + b.getVersion();
        });
    }

    private interface Work {
        String run() throws BundleException;
    }

    private void background(String operation, Work work) {
        try {
            worker.execute(() -> {
                try {
                    status.message(work.run());
                } catch (BundleException | RuntimeException e) {
                    status.error(operation, Ui.message(e));
                }
                changed();
            });
        } catch (RejectedExecutionException e) {
            // the view is gone
        }
    }

    /** Stops the worker and the listener: the view is gone. */
    public void dispose() {
        worker.shutdownNow();
        try {
            context.removeBundleListener(listener);
        } catch (IllegalStateException stopped) {
            // this bundle is stopping: its listeners go with it
        }
    }
}
