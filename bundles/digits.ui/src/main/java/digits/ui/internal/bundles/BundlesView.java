package digits.ui.internal.bundles;

import digits.ui.internal.Status;
import digits.ui.internal.Ui;
import digits.ui.internal.widgets.Theme;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
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

/** The Bundles tab: renders a {@link BundlesModel} as a table with its buttons; asks before the window's own bundle goes. */
public final class BundlesView {

    private static final String[] COLUMNS = {"Id", "State", "Symbolic name", "Version", "Name"};
    private static final int[] WIDTHS = {50, 150, 300, 170, 330};

    private final Composite root;
    private final BundlesModel model;
    private final Theme theme;
    private final Table table;
    private final Label summary;
    private final Button start;
    private final Button stop;
    private final Button uninstall;

    public BundlesView(Composite parent, Theme theme, BundleContext context, Status status) {
        this.theme = theme;
        root = new Composite(parent, SWT.NONE);
        root.setLayout(Ui.grid(2, 12, 10));
        model = new BundlesModel(context, Ui.onDisplay(root, status));
        summary = new Label(root, SWT.NONE);
        summary.setForeground(theme.muted);
        summary.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));

        table = Ui.table(root, COLUMNS, WIDTHS, Set.of(0));
        table.addListener(SWT.Selection, e -> updateButtons());

        Composite buttons = Ui.buttonColumn(root);
        Ui.button(buttons, "Install...", this::install);
        start = Ui.button(buttons, "Start", () -> selected().ifPresent(model::start));
        stop = Ui.button(buttons, "Stop", () -> confirmed("Stop", model::stop));
        uninstall = Ui.button(buttons, "Uninstall", () -> confirmed("Uninstall", model::uninstall));
        Ui.button(buttons, "Refresh", this::refresh);

        model.addListener(new Ui.Coalescer(root, this::refresh)::request);
        root.addDisposeListener(e -> model.dispose());
        refresh();
    }

    public Control control() {
        return root;
    }

    public void refresh() {
        long selected = selected().map(BundlesModel.Row::id).orElse(-1L);
        List<BundlesModel.Row> rows = model.rows();
        if (rows.isEmpty()) {
            return; // this bundle is stopping
        }
        table.removeAll();
        for (BundlesModel.Row r : rows) {
            TableItem item = new TableItem(table, SWT.NONE);
            item.setText(new String[] {Long.toString(r.id()), r.state(), r.symbolicName(), r.version(), r.name()});
            item.setData(r);
            Color c = stateColor(r);
            if (c != null) {
                item.setForeground(1, c);
            }
            if (r.id() == selected) {
                table.setSelection(item);
            }
        }
        summary.setText(model.summary());
        updateButtons();
    }

    private Color stateColor(BundlesModel.Row r) {
        return switch (r.stateCode()) {
            case Bundle.ACTIVE -> theme.green;
            case Bundle.INSTALLED -> theme.orange;
            default -> r.fragment() ? theme.muted : null;
        };
    }

    private Optional<BundlesModel.Row> selected() {
        TableItem[] s = table.getSelection();
        return s.length == 0 ? Optional.empty() : Optional.of((BundlesModel.Row) s[0].getData());
    }

    private void updateButtons() {
        Optional<BundlesModel.Row> r = selected();
        start.setEnabled(r.map(model::canStart).orElse(false));
        stop.setEnabled(r.map(model::canStop).orElse(false));
        uninstall.setEnabled(r.map(model::canUninstall).orElse(false));
    }

    /** Does it to the selected bundle; for the window's own bundle only once the user agrees. */
    private void confirmed(String verb, Consumer<BundlesModel.Row> operation) {
        Optional<BundlesModel.Row> selected = selected();
        if (selected.isEmpty()) {
            return;
        }
        if (model.isWindow(selected.get())) {
            MessageBox confirm = new MessageBox(root.getShell(), SWT.ICON_WARNING | SWT.YES | SWT.NO);
            confirm.setText(verb + " " + selected.get().symbolicName());
            confirm.setMessage("This bundle is the window itself: it closes, and the framework keeps running without "
                    + "a window (use the shell to start it again). Go on?");
            if (confirm.open() != SWT.YES) {
                return;
            }
        }
        operation.accept(selected.get());
    }

    private void install() {
        FileDialog dialog = new FileDialog(root.getShell(), SWT.OPEN);
        dialog.setText("Install a bundle");
        dialog.setFilterExtensions(new String[] {"*.jar", "*"});
        dialog.setFilterNames(new String[] {"OSGi bundles (*.jar)", "All files"});
        String file = dialog.open();
        if (file != null) {
            model.install(Path.of(file));
        }
    }
}
