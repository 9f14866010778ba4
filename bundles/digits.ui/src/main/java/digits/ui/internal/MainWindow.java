package digits.ui.internal;

import digits.ui.internal.bundles.BundlesView;
import digits.ui.internal.draw.DrawView;
import digits.ui.internal.evaluate.EvaluateView;
import digits.ui.internal.models.ModelsView;
import digits.ui.internal.train.TrainView;
import digits.ui.internal.widgets.Theme;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.MessageBox;
import org.eclipse.swt.widgets.Shell;

/**
 * The workbench window: a tab per task (Draw, Train, Evaluate, Models, Bundles) and a status
 * line. It wires the views to the services' changes; the views know nothing of each other.
 */
final class MainWindow {

    static final String TITLE = "Digit Workbench";

    final Shell shell;
    final Theme theme;
    final CTabFolder tabs;
    final StatusLine status;
    final DrawView draw;
    final TrainView train;
    final EvaluateView evaluate;
    final ModelsView models;
    final BundlesView bundles;
    private final Image icon;

    /** @param onClose what closing the window does (stops the framework); runs on the UI thread */
    MainWindow(Display display, Services services, Runnable onClose) {
        shell = new Shell(display, SWT.SHELL_TRIM);
        shell.setText(TITLE);
        theme = new Theme(shell);
        icon = makeIcon(display, theme);
        shell.setImage(icon);
        shell.addDisposeListener(e -> icon.dispose());
        shell.setLayout(Ui.grid(1, 0, 0));

        tabs = new CTabFolder(shell, SWT.TOP | SWT.FLAT);
        tabs.setLayoutData(Ui.fill());
        tabs.setTabHeight(30);
        tabs.setSelectionForeground(theme.text);
        tabs.setSelectionBackground(new org.eclipse.swt.graphics.Color[] {theme.paper, shell.getBackground()},
                new int[] {100}, true);
        status = new StatusLine(shell, theme, services);
        status.control().setLayoutData(Ui.fillHorizontal());

        draw = new DrawView(tabs, theme, services, status);
        tab("Draw", draw.control(), "Draw a digit and see what the recognizer makes of it");
        train = new TrainView(tabs, theme, services, status);
        tab("Train", train.control(), "Train a network and watch it learn");
        evaluate = new EvaluateView(tabs, theme, services, status);
        tab("Evaluate", evaluate.control(), "Measure a model on a test set");
        models = new ModelsView(tabs, theme, services, status);
        tab("Models", models.control(), "The stored models");
        bundles = new BundlesView(tabs, theme, services.context(), status);
        tab("Bundles", bundles.control(), "The OSGi bundles of this workbench");
        tabs.setSelection(0);
        menus(onClose);

        Ui.Coalescer servicesChanged = new Ui.Coalescer(shell, () -> {
            status.refresh();
            draw.servicesChanged();
            train.servicesChanged();
            evaluate.servicesChanged();
            models.refresh();
        });
        services.onChange(servicesChanged::request);
        services.onSelectionChange(message -> Ui.async(shell, () -> {
            status.refresh();
            if (!message.isBlank()) {
                if (message.contains("went away")) {
                    status.problem(message);
                } else {
                    status.message(message);
                }
            }
            draw.recognizersChanged();
            train.optimizersChanged();
            evaluate.servicesChanged();
            models.refresh();
        }));
        Ui.Coalescer modelsChanged = new Ui.Coalescer(shell, () -> {
            models.refresh();
            evaluate.servicesChanged();
        });
        services.onModelsChange(modelsChanged::request);
        status.message("Ready. " + services.preprocessor().map(p -> "Preprocessing: " + p.description() + ".")
                .orElse(""));

        shell.addListener(SWT.Close, e -> onClose.run());
        place();
    }

    private void tab(String title, Control control, String tip) {
        CTabItem item = new CTabItem(tabs, SWT.NONE);
        item.setText(title);
        item.setToolTipText(tip);
        item.setControl(control);
    }

    private void menus(Runnable onClose) {
        Menu bar = new Menu(shell, SWT.BAR);
        shell.setMenuBar(bar);
        Menu file = submenu(bar, "&File");
        item(file, "&Quit\tCtrl+Q", SWT.MOD1 + 'Q', () -> shell.close());
        Menu view = submenu(bar, "&View");
        CTabItem[] items = tabs.getItems();
        for (int i = 0; i < items.length; i++) {
            CTabItem t = items[i];
            item(view, "&" + t.getText() + "\tCtrl+" + (i + 1), SWT.MOD1 + '1' + i, () -> tabs.setSelection(t));
        }
        Menu help = submenu(bar, "&Help");
        item(help, "&About", 0, () -> {
            MessageBox about = new MessageBox(shell, SWT.ICON_INFORMATION | SWT.OK);
            about.setText("About " + TITLE);
            about.setMessage(TITLE + ": train, evaluate and try handwritten-digit recognizers.\n"
                    + "An OSGi application on Apache Felix with Deeplearning4j and SWT.");
            about.open();
        });
    }

    private static Menu submenu(Menu bar, String text) {
        MenuItem header = new MenuItem(bar, SWT.CASCADE);
        header.setText(text);
        Menu menu = new Menu(bar.getShell(), SWT.DROP_DOWN);
        header.setMenu(menu);
        return menu;
    }

    private static void item(Menu menu, String text, int accelerator, Runnable action) {
        MenuItem item = new MenuItem(menu, SWT.PUSH);
        item.setText(text);
        if (accelerator != 0) {
            item.setAccelerator(accelerator);
        }
        item.addListener(SWT.Selection, e -> action.run());
    }

    /** 1240x840 (or the screen, if smaller), centred on the primary monitor. */
    private void place() {
        Rectangle screen = shell.getDisplay().getPrimaryMonitor().getClientArea();
        int w = Math.min(1240, screen.width);
        int h = Math.min(840, screen.height);
        shell.setBounds(screen.x + (screen.width - w) / 2, screen.y + (screen.height - h) / 2, w, h);
    }

    /** A digit on a cyan tile, for the title bar and the task switcher. */
    private static Image makeIcon(Display display, Theme theme) {
        Image image = new Image(display, 32, 32);
        GC gc = new GC(image);
        try {
            gc.setAntialias(SWT.ON);
            gc.setBackground(theme.paper);
            gc.fillRectangle(0, 0, 32, 32);
            gc.setBackground(theme.accent);
            gc.fillRoundRectangle(0, 0, 32, 32, 10, 10);
            gc.setForeground(theme.paper);
            gc.setLineWidth(4);
            gc.setLineCap(SWT.CAP_ROUND);
            gc.drawPolyline(new int[] {9, 8, 23, 8, 13, 25});
        } finally {
            gc.dispose();
        }
        return image;
    }
}
