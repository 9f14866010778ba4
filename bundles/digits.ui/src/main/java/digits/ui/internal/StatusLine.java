package digits.ui.internal;

import digits.api.ComputeBackend;
import digits.api.Recognizer;
import digits.api.Selection;
import digits.api.OptimizerDescription;
import digits.ui.internal.widgets.Theme;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CLabel;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.MessageBox;
import org.eclipse.swt.widgets.Shell;

/** The window's bottom line: the compute backend, the active recognizer and optimizer, the last message. */
final class StatusLine implements Status {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Composite bar;
    private final Theme theme;
    private final Services services;
    private final CLabel backend;
    private final CLabel recognizer;
    private final CLabel optimizer;
    private final CLabel message;

    StatusLine(Composite parent, Theme theme, Services services) {
        this.theme = theme;
        this.services = services;
        bar = Ui.named(new Composite(parent, SWT.NONE), "status");
        bar.setLayout(Ui.grid(7, 2, 4));
        message = label(true);
        separator();
        recognizer = label(false);
        separator();
        optimizer = label(false);
        separator();
        backend = label(false);
        refresh();
    }

    Control control() {
        return bar;
    }

    private CLabel label(boolean grab) {
        CLabel l = new CLabel(bar, SWT.NONE);
        l.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, grab, false));
        return l;
    }

    private void separator() {
        Label s = new Label(bar, SWT.SEPARATOR | SWT.VERTICAL);
        GridData d = new GridData(SWT.CENTER, SWT.FILL, false, false);
        d.heightHint = 18;
        s.setLayoutData(d);
    }

    /** Reads the backend and the selection again; UI thread. */
    void refresh() {
        String summary = services.backend().map(ComputeBackend::info).map(i -> i.summary()).orElse("no compute backend");
        String shortText = services.backend().map(ComputeBackend::info)
                .map(i -> i.backend() + " · " + i.threads() + " threads · " + i.library()).orElse("no backend");
        backend.setText("Backend: " + shortText);
        backend.setToolTipText(summary);
        Selection s = services.selection().orElse(null);
        recognizer.setText("Recognizer: " + (s == null ? "none" : s.activeRecognizer().map(Recognizer::id).orElse("none")));
        recognizer.setToolTipText(s == null ? null : s.activeRecognizer().map(Recognizer::description).orElse(null));
        optimizer.setText("Optimizer: " + (s == null ? "none" : s.activeOptimizer().map(OptimizerDescription::id).orElse("none")));
        optimizer.setToolTipText(s == null ? null : s.activeOptimizer().map(OptimizerDescription::description).orElse(null));
        bar.layout();
    }

    @Override
    public void message(String text) {
        show(text, theme.text);
    }

    @Override
    public void problem(String text) {
        show(text, theme.orange);
    }

    @Override
    public void error(String operation, String detail) {
        show(operation + ": " + detail, theme.orange);
        Shell shell = bar.getShell();
        // later, so that the caller (often a listener) returns before the modal loop starts
        Ui.async(shell, () -> {
            MessageBox box = new MessageBox(shell, SWT.ICON_ERROR | SWT.OK);
            box.setText(operation);
            box.setMessage(detail);
            box.open();
        });
    }

    private void show(String text, org.eclipse.swt.graphics.Color color) {
        if (bar.isDisposed() || text == null || text.isBlank()) {
            return;
        }
        String line = text.replace('\n', ' ');
        message.setForeground(color);
        message.setText(line);
        message.setToolTipText(TIME.format(LocalTime.now()) + "  " + text);
    }
}
