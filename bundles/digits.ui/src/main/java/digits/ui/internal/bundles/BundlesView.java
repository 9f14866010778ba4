package digits.ui.internal.bundles;

import digits.ui.internal.Status;
import digits.ui.internal.Ui;
import digits.ui.internal.widgets.Theme;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.MessageBox;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Constants;

/**
 * The Bundles tab: every installed bundle and its state, kept current by a bundle listener;
 * install a bundle from a file, start, stop or uninstall one. The framework works on a thread of
 * this view's, never on the UI thread: stopping this very bundle waits for the UI thread.
 */
public final class BundlesView {

    private static final String[] COLUMNS = {"Id", "State", "Symbolic name", "Version", "Name"};
    private static final int[] WIDTHS = {50, 150, 300, 170, 330};

    private final Composite root;
    private final BundleContext context;
    private final Status status;
    private final Theme theme;
    private final Table table;
    private final Label summary;
    private final Button start;
    private final Button stop;
    private final Button uninstall;
    private final BundleListener listener;
    private final ExecutorService worker = Ui.worker("digits-bundle-operations");

    public BundlesView(Composite parent, Theme theme, BundleContext context, Status status) {
        this.context = context;
        this.status = status;
        this.theme = theme;
        root = new Composite(parent, SWT.NONE);
        root.setLayout(Ui.grid(2, 12, 10));
        summary = new Label(root, SWT.NONE);
        summary.setForeground(theme.muted);
        summary.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));

        table = Ui.table(root, COLUMNS, WIDTHS, Set.of(0));
        table.addListener(SWT.Selection, e -> updateButtons());

        Composite buttons = Ui.buttonColumn(root);
        Ui.button(buttons, "Install...", this::install);
        start = Ui.button(buttons, "Start", () -> operate("Start", Bundle::start));
        stop = Ui.button(buttons, "Stop", () -> operate("Stop", Bundle::stop));
        uninstall = Ui.button(buttons, "Uninstall", () -> operate("Uninstall", Bundle::uninstall));
        Ui.button(buttons, "Refresh", this::refresh);

        Ui.Coalescer later = new Ui.Coalescer(root, this::refresh);
        listener = (BundleEvent e) -> later.request();
        context.addBundleListener(listener);
        root.addDisposeListener(e -> {
            worker.shutdownNow();
            try {
                context.removeBundleListener(listener);
            } catch (IllegalStateException stopped) {
                // this bundle is stopping: its listeners go with it
            }
        });
        refresh();
    }

    public Control control() {
        return root;
    }

    public void refresh() {
        Bundle[] bundles;
        try {
            bundles = context.getBundles();
        } catch (IllegalStateException e) {
            return; // this bundle is stopping
        }
        long selected = selected().map(Bundle::getBundleId).orElse(-1L);
        Arrays.sort(bundles, Comparator.comparingLong(Bundle::getBundleId));
        table.removeAll();
        int active = 0;
        for (Bundle b : bundles) {
            TableItem item = new TableItem(table, SWT.NONE);
            String name = b.getHeaders().get(Constants.BUNDLE_NAME);
            item.setText(new String[] {Long.toString(b.getBundleId()), state(b), String.valueOf(b.getSymbolicName()),
                b.getVersion().toString(), name == null ? "" : name});
            item.setData(b);
            Color c = stateColor(b);
            if (c != null) {
                item.setForeground(1, c);
            }
            if (b.getState() == Bundle.ACTIVE) {
                active++;
            }
            if (b.getBundleId() == selected) {
                table.setSelection(item);
            }
        }
        summary.setText(bundles.length + " bundles, " + active + " active. Install adds a bundle from a jar; "
                + "bundles dropped into the plugins folder are installed too.");
        updateButtons();
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

    private Color stateColor(Bundle b) {
        return switch (b.getState()) {
            case Bundle.ACTIVE -> theme.green;
            case Bundle.INSTALLED -> theme.orange;
            default -> isFragment(b) ? theme.muted : null;
        };
    }

    private Optional<Bundle> selected() {
        TableItem[] s = table.getSelection();
        return s.length == 0 ? Optional.empty() : Optional.of((Bundle) s[0].getData());
    }

    private void updateButtons() {
        Optional<Bundle> b = selected();
        boolean system = b.map(x -> x.getBundleId() == 0).orElse(true);
        boolean fragment = b.map(BundlesView::isFragment).orElse(false);
        int state = b.map(Bundle::getState).orElse(Bundle.UNINSTALLED);
        start.setEnabled(!system && !fragment && state != Bundle.ACTIVE && state != Bundle.UNINSTALLED);
        stop.setEnabled(!system && !fragment && state == Bundle.ACTIVE);
        uninstall.setEnabled(!system && state != Bundle.UNINSTALLED);
    }

    private interface Operation {
        void apply(Bundle b) throws BundleException;
    }

    private void operate(String verb, Operation operation) {
        Optional<Bundle> selected = selected();
        if (selected.isEmpty()) {
            return;
        }
        Bundle b = selected.get();
        if (b.getBundleId() == context.getBundle().getBundleId() && !"Start".equals(verb)) {
            MessageBox confirm = new MessageBox(root.getShell(), SWT.ICON_WARNING | SWT.YES | SWT.NO);
            confirm.setText(verb + " " + b.getSymbolicName());
            confirm.setMessage("This bundle is the window itself: it closes, and the framework keeps running without "
                    + "a window (use the shell to start it again). Go on?");
            if (confirm.open() != SWT.YES) {
                return;
            }
        }
        String what = b.getSymbolicName() + " " + b.getVersion();
        background(verb + " " + b.getSymbolicName(), () -> {
            operation.apply(b);
            return switch (verb) {
                case "Start" -> "started ";
                case "Stop" -> "stopped ";
                default -> "uninstalled ";
            } + what;
        });
    }

    private void install() {
        FileDialog dialog = new FileDialog(root.getShell(), SWT.OPEN);
        dialog.setText("Install a bundle");
        dialog.setFilterExtensions(new String[] {"*.jar", "*"});
        dialog.setFilterNames(new String[] {"OSGi bundles (*.jar)", "All files"});
        String file = dialog.open();
        if (file == null) {
            return;
        }
        background("Install bundle", () -> {
            Bundle b = context.installBundle(Path.of(file).toUri().toString());
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
                String done = null;
                String failed = null;
                try {
                    done = work.run();
                } catch (BundleException | RuntimeException e) {
                    failed = Ui.message(e);
                }
                String ok = done;
                String error = failed;
                Ui.async(root, () -> {
                    if (error != null) {
                        status.error(operation, error);
                    } else {
                        status.message(ok);
                    }
                    refresh();
                });
            });
        } catch (RejectedExecutionException e) {
            // the view is gone
        }
    }
}
