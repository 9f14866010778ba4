package digits.ui.internal.models;

import digits.api.ModelException;
import digits.api.ModelExporter;
import digits.api.ModelImporter;
import digits.api.ModelInfo;
import digits.api.ModelStore;
import digits.api.Recognizer;
import digits.api.Selection;
import digits.ui.internal.Services;
import digits.ui.internal.Status;
import digits.ui.internal.Ui;
import digits.ui.internal.widgets.LineChart;
import digits.ui.internal.widgets.Theme;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.MessageBox;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

/**
 * The Models tab: the model store's models with their metadata; use one as the active
 * recognizer, delete, import or export. Follows the store's changes. File copies run off the UI
 * thread; failures are shown in a dialog and the status line.
 */
public final class ModelsView {

    private static final String[] COLUMNS = {"Name", "Architecture", "Dataset", "Epochs", "Test accuracy", "Created"};
    private static final int[] WIDTHS = {200, 110, 110, 70, 110, 200};

    private final Composite root;
    private final Services services;
    private final Status status;
    private final Table table;
    private final Text details;
    private final Label folder;
    private final Button use;
    private final Button delete;
    private final Button importButton;
    private final Button export;
    private final ExecutorService worker = Ui.worker("digits-model-files");
    /** Models put side by side, in the order they were added. */
    private final java.util.LinkedHashSet<String> compared = new java.util.LinkedHashSet<>();
    private final Button compare;
    private final Button clearComparison;
    private final LineChart comparison;
    private final Text comparedMetrics;
    private final Theme theme;
    static final String COMPARISON_CHART = "Validation accuracy, compared";

    public ModelsView(Composite parent, Theme theme, Services services, Status status) {
        this.services = services;
        this.theme = theme;
        this.status = status;
        root = new Composite(parent, SWT.NONE);
        root.setLayout(Ui.grid(2, 12, 10));

        folder = new Label(root, SWT.NONE);
        folder.setForeground(theme.muted);
        folder.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));

        table = Ui.table(root, COLUMNS, WIDTHS, Set.of(3, 4));
        table.addListener(SWT.Selection, e -> selectionChanged());
        table.addListener(SWT.DefaultSelection, e -> useAsActive());

        Composite buttons = Ui.buttonColumn(root);
        use = Ui.button(buttons, "Use as active recognizer", this::useAsActive);
        delete = Ui.button(buttons, "Delete...", this::deleteSelected);
        importButton = Ui.button(buttons, "Import...", this::importModel);
        export = Ui.button(buttons, "Export...", this::exportSelected);
        compare = Ui.button(buttons, "Add to comparison", this::addToComparison);
        clearComparison = Ui.button(buttons, "Clear comparison", () -> {
            compared.clear();
            showComparison();
        });

        details = new Text(root, SWT.MULTI | SWT.READ_ONLY | SWT.WRAP | SWT.V_SCROLL | SWT.BORDER);
        details.setFont(theme.mono);
        GridData detailsData = new GridData(SWT.FILL, SWT.FILL, true, false, 2, 1);
        detailsData.heightHint = 150;
        details.setLayoutData(detailsData);

        comparison = new LineChart(root, theme, COMPARISON_CHART, "epoch").percent().integerX();
        GridData chartData = new GridData(SWT.FILL, SWT.FILL, true, true, 1, 1);
        chartData.heightHint = 220;
        comparison.control().setLayoutData(chartData);
        comparedMetrics = new Text(root, SWT.MULTI | SWT.READ_ONLY | SWT.V_SCROLL | SWT.BORDER);
        comparedMetrics.setFont(theme.mono);
        GridData metricsData = new GridData(SWT.FILL, SWT.FILL, false, true);
        metricsData.widthHint = 380;
        comparedMetrics.setLayoutData(metricsData);

        root.addDisposeListener(e -> worker.shutdownNow());
        refresh();
    }

    public Control control() {
        return root;
    }

    /** The store or its models changed. UI thread. */
    public void refresh() {
        String selected = selectedName().orElse(null);
        Optional<ModelStore> store = services.modelStore();
        List<ModelInfo> models = store.map(ModelStore::list).orElse(List.of());
        String active = services.selection().flatMap(Selection::activeRecognizer).map(Recognizer::id).orElse("");
        folder.setText(store.map(s -> "Models in " + s.directory() + " (" + models.size() + ")")
                .orElse("The model store is not present"));
        table.removeAll();
        for (ModelInfo m : models) {
            TableItem item = new TableItem(table, SWT.NONE);
            boolean isActive = active.equals("cnn:" + m.name());
            item.setText(new String[] {m.name() + (isActive ? "  (active)" : ""), m.architecture(), m.datasetId(),
                Integer.toString(m.epochs()), Ui.percent(m.testAccuracy()), created(m.created())});
            item.setData(m);
            if (m.name().equals(selected)) {
                table.setSelection(item);
            }
        }
        importButton.setEnabled(store.isPresent() && services.importer().isPresent());
        selectionChanged();
        showComparison();
    }

    private void addToComparison() {
        selectedName().ifPresent(compared::add);
        showComparison();
    }

    /** Overlays the validation curves of the compared models and puts their figures side by side. */
    private void showComparison() {
        List<ModelInfo> models = services.modelStore().map(ModelStore::list).orElse(List.of()).stream()
                .filter(m -> compared.contains(m.name())).toList();
        comparison.removeAllSeries();
        org.eclipse.swt.graphics.Color[] colors = {theme.accent, theme.orange, theme.magenta, theme.muted};
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%-16s", ""));
        for (String name : compared) {
            text.append(String.format(Locale.ROOT, "%14s", name));
        }
        text.append('\n');
        int i = 0;
        for (String name : compared) {
            ModelInfo m = models.stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
            int series = comparison.addSeries(name, colors[i++ % colors.length]);
            if (m != null) {
                m.history().forEach(h -> comparison.add(series, h.epoch() + 1, h.validationAccuracy()));
            }
        }
        row(text, "architecture", models, m -> m.architecture());
        row(text, "parameters", models, m -> String.format(Locale.ROOT, "%,d", m.parameters()));
        row(text, "epochs", models, m -> Integer.toString(m.epochs()));
        row(text, "test accuracy", models, m -> Ui.percent(m.testAccuracy()));
        row(text, "top-3", models, m -> Ui.percent(m.testTop3()));
        row(text, "temperature", models, m -> m.calibration() == null ? "-" : String.format(Locale.ROOT, "%.3f",
                m.calibration().temperature()));
        row(text, "val. ECE", models, m -> m.calibration() == null ? "-" : Ui.percent(m.calibration().eceAfter()));
        comparedMetrics.setText(compared.isEmpty() ? "Select a model and 'Add to comparison' to put models side by side."
                : text.toString());
        clearComparison.setEnabled(!compared.isEmpty());
    }

    private void row(StringBuilder text, String head, List<ModelInfo> models, java.util.function.Function<ModelInfo, String> cell) {
        text.append(String.format(Locale.ROOT, "%-16s", head));
        for (String name : compared) {
            text.append(String.format(Locale.ROOT, "%14s", models.stream().filter(m -> m.name().equals(name)).findFirst()
                    .map(cell).orElse("(gone)")));
        }
        text.append('\n');
    }

    private static String created(String iso) {
        return iso == null ? "" : iso.replace('T', ' ').replaceFirst("\\.\\d+Z$", "Z");
    }

    private Optional<ModelInfo> selected() {
        TableItem[] s = table.getSelection();
        return s.length == 0 ? Optional.empty() : Optional.of((ModelInfo) s[0].getData());
    }

    private Optional<String> selectedName() {
        return selected().map(ModelInfo::name);
    }

    private void selectionChanged() {
        Optional<ModelInfo> m = selected();
        boolean store = services.modelStore().isPresent();
        use.setEnabled(m.isPresent() && services.selection().isPresent());
        delete.setEnabled(m.isPresent() && store);
        export.setEnabled(m.isPresent() && store && services.exporter().isPresent());
        compare.setEnabled(m.isPresent());
        details.setText(m.map(ModelsView::describe).orElse("Select a model to see how it was made."));
    }

    private static String describe(ModelInfo m) {
        String hyper = m.hyperParameters().entrySet().stream().map(e -> e.getKey() + "=" + Ui.number(e.getValue()))
                .collect(Collectors.joining(", "));
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s: %s network, %,d parameters, trained on %s%n", m.name(),
                m.architecture(), m.parameters(), m.datasetId()));
        sb.append(String.format(Locale.ROOT, "optimizer %s (%s), batch %d, %d epochs, augmentation %s%n",
                m.optimizerId(), hyper, m.batchSize(), m.epochs(),
                m.augmentation() != null && m.augmentation().enabled() ? "on" : "off"));
        sb.append(String.format(Locale.ROOT, "test accuracy %s, top-3 %s; created %s%n", Ui.percent(m.testAccuracy()),
                Ui.percent(m.testTop3()), created(m.created())));
        if (m.command() != null && !m.command().isBlank()) {
            sb.append("reproduce: ").append(m.command()).append('\n');
        }
        m.history().forEach(h -> sb.append(String.format(Locale.ROOT,
                "  epoch %2d: loss %.4f / %.4f, accuracy %s / %s (train / validation)%n", h.epoch() + 1, h.trainLoss(),
                h.validationLoss(), Ui.percent(h.trainAccuracy()), Ui.percent(h.validationAccuracy()))));
        return sb.toString();
    }

    private void useAsActive() {
        Optional<ModelInfo> m = selected();
        Optional<Selection> s = services.selection();
        if (m.isEmpty() || s.isEmpty()) {
            return;
        }
        try {
            s.get().useRecognizer("cnn:" + m.get().name());
        } catch (IllegalArgumentException e) {
            status.error("Use model", e.getMessage());
        }
    }

    private void deleteSelected() {
        Optional<ModelInfo> m = selected();
        Optional<ModelStore> store = services.modelStore();
        if (m.isEmpty() || store.isEmpty()) {
            return;
        }
        MessageBox confirm = new MessageBox(root.getShell(), SWT.ICON_WARNING | SWT.YES | SWT.NO);
        confirm.setText("Delete model");
        confirm.setMessage("Delete the model '" + m.get().name() + "' and its checkpoints from " + store.get().directory()
                + "? This cannot be undone.");
        if (confirm.open() != SWT.YES) {
            return;
        }
        String name = m.get().name();
        background("Delete model", () -> {
            store.get().delete(name);
            return "deleted model '" + name + "'";
        });
    }

    private void importModel() {
        Optional<ModelImporter> importer = services.importer();
        if (importer.isEmpty()) {
            return;
        }
        FileDialog dialog = new FileDialog(root.getShell(), SWT.OPEN);
        dialog.setText("Import a model");
        dialog.setFilterExtensions(new String[] {"*.keras;*.h5;*.zip", "*.keras", "*.h5", "*.zip", "*"});
        dialog.setFilterNames(new String[] {"Models (*.keras, *.h5, *.zip)", "Keras 3 archives (*.keras)",
            "Keras HDF5 files (*.h5)", "Workbench models (*.zip)", "All files"});
        String file = dialog.open();
        if (file == null) {
            return;
        }
        // A weights-only Keras file needs the architecture it fits; the workbench's CNN is the reference's.
        String architecture = file.toLowerCase(Locale.ROOT).endsWith(".weights.h5") ? "reference" : "";
        background("Import model", () -> "imported model '" + importer.get().importModel(Path.of(file), "", architecture).name() + "'");
    }

    private void exportSelected() {
        Optional<ModelInfo> m = selected();
        Optional<ModelExporter> exporter = services.exporter();
        if (m.isEmpty() || exporter.isEmpty()) {
            return;
        }
        FileDialog dialog = new FileDialog(root.getShell(), SWT.SAVE);
        dialog.setText("Export the model '" + m.get().name() + "'");
        dialog.setFileName(m.get().name() + ".keras");
        dialog.setFilterExtensions(new String[] {"*.keras", "*.zip"});
        dialog.setFilterNames(new String[] {"Keras 3 archive (*.keras)", "Workbench model (*.zip)"});
        dialog.setOverwrite(true);
        String file = dialog.open();
        if (file == null) {
            return;
        }
        String name = m.get().name();
        background("Export model", () -> {
            exporter.get().exportModel(name, Path.of(file));
            return "exported model '" + name + "' to " + file;
        });
    }

    private interface FileWork {
        String run() throws ModelException;
    }

    /** Runs a store operation off the UI thread and reports how it went. */
    private void background(String operation, FileWork work) {
        try {
            worker.execute(() -> {
                String done;
                String failed = null;
                try {
                    done = work.run();
                } catch (ModelException | RuntimeException e) {
                    done = null;
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
