package digits.ui.internal.models;

import digits.api.ModelInfo;
import digits.ui.internal.Services;
import digits.ui.internal.Status;
import digits.ui.internal.Ui;
import digits.ui.internal.widgets.ImageGallery;
import digits.ui.internal.widgets.LineChart;
import digits.ui.internal.widgets.Theme;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.MessageBox;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

/**
 * The Models tab: the model store's models with their metadata; use one as the active
 * recognizer, delete, import or export; put models side by side (curves, figures, the test
 * images where they disagree). Layout and rendering only: the state and the work are the
 * {@link ModelsModel}'s.
 */
public final class ModelsView {

    private static final String[] COLUMNS = {"Name", "Architecture", "Dataset", "Epochs", "Test accuracy", "Created"};
    private static final int[] WIDTHS = {200, 110, 110, 70, 110, 200};
    static final String COMPARISON_CHART = "Validation accuracy, compared";

    private final Composite root;
    private final Theme theme;
    private final ModelsModel model;
    private final Table table;
    private final Text details;
    private final Label folder;
    private final Button use;
    private final Button delete;
    private final Button importButton;
    private final Button export;
    private final Button compare;
    private final Button clearComparison;
    private final Spinner testImages;
    private final LineChart comparison;
    private final Text comparedMetrics;
    private final Label disagreementsCaption;
    private final ImageGallery disagreements;
    private final Ui.Coalescer refresher;
    private List<List<String>> shownRows;
    /** The phase and comparison the gallery shows. */
    private List<Object> shownComparison;

    public ModelsView(Composite parent, Theme theme, Services services, Status status) {
        this.theme = theme;
        root = new Composite(parent, SWT.NONE);
        root.setLayout(Ui.grid(2, 12, 10));
        refresher = new Ui.Coalescer(root, this::refresh);
        model = new ModelsModel(services, refresher::request, new ModelsModel.Reporter() {
            @Override
            public void done(String message) {
                Ui.async(root, () -> status.message(message));
            }

            @Override
            public void failed(String operation, String detail) {
                Ui.async(root, () -> status.error(operation, detail));
            }
        });

        folder = new Label(root, SWT.NONE);
        folder.setForeground(theme.muted);
        folder.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));

        table = Ui.table(root, COLUMNS, WIDTHS, Set.of(3, 4));
        // a few rows are enough: the room below goes to the comparison
        GridData tableData = new GridData(SWT.FILL, SWT.FILL, true, false);
        tableData.heightHint = 130;
        table.setLayoutData(tableData);
        table.addListener(SWT.Selection, e -> {
            TableItem[] s = table.getSelection();
            model.select(s.length == 0 ? null : ((ModelInfo) s[0].getData()).name());
        });
        table.addListener(SWT.DefaultSelection, e -> model.useSelected());

        Composite buttons = Ui.buttonColumn(root);
        use = Ui.button(buttons, "Use as active recognizer", model::useSelected);
        delete = Ui.button(buttons, "Delete...", this::deleteSelected);
        importButton = Ui.button(buttons, "Import...", this::importModel);
        export = Ui.button(buttons, "Export...", this::exportSelected);
        compare = Ui.button(buttons, "Add to comparison", model::addSelectedToComparison);
        clearComparison = Ui.button(buttons, "Clear comparison", model::clearComparison);
        Label imagesLabel = new Label(buttons, SWT.NONE);
        imagesLabel.setText("Test images compared");
        testImages = new Spinner(buttons, SWT.BORDER);
        testImages.setValues(model.testImages(), 0, 1_000_000, 0, 500, 5000);
        testImages.setToolTipText("Look for disagreements in the first N test images (0 = all)");
        testImages.addListener(SWT.Selection, e -> model.setTestImages(testImages.getSelection()));

        details = new Text(root, SWT.MULTI | SWT.READ_ONLY | SWT.WRAP | SWT.V_SCROLL | SWT.BORDER);
        details.setFont(theme.mono);
        GridData detailsData = new GridData(SWT.FILL, SWT.FILL, true, false, 2, 1);
        detailsData.heightHint = 90;
        details.setLayoutData(detailsData);

        comparison = new LineChart(root, theme, COMPARISON_CHART, "epoch").percent().integerX();
        GridData chartData = new GridData(SWT.FILL, SWT.FILL, true, true, 1, 1);
        chartData.heightHint = 200;
        comparison.control().setLayoutData(chartData);
        comparedMetrics = new Text(root, SWT.MULTI | SWT.READ_ONLY | SWT.V_SCROLL | SWT.BORDER);
        comparedMetrics.setFont(theme.mono);
        GridData metricsData = new GridData(SWT.FILL, SWT.FILL, false, true);
        metricsData.widthHint = 380;
        comparedMetrics.setLayoutData(metricsData);

        disagreementsCaption = Ui.named(new Label(root, SWT.WRAP), "models.disagreements.caption");
        disagreementsCaption.setFont(theme.bold);
        disagreementsCaption.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        disagreements = new ImageGallery(root, theme);
        Ui.named(disagreements.control(), "models.disagreements");
        GridData galleryData = new GridData(SWT.FILL, SWT.FILL, true, false, 2, 1);
        galleryData.heightHint = 150;
        disagreements.control().setLayoutData(galleryData);

        root.addDisposeListener(e -> model.close());
        refresh();
    }

    public Control control() {
        return root;
    }

    /** The store, its models or the services changed. UI thread. */
    public void refresh() {
        String selected = model.selected().map(ModelInfo::name).orElse(null);
        List<ModelInfo> models = model.models();
        folder.setText(model.folderText());
        List<List<String>> rows = models.stream().map(m -> List.of(m.name() + (model.isActive(m) ? "  (active)" : ""),
                m.architecture(), m.datasetId(), Integer.toString(m.epochs()), Ui.percent(m.testAccuracy()),
                ModelsModel.created(m.created()))).toList();
        if (!rows.equals(shownRows)) { // rebuilt only when it changed, so a selection keeps the table's scrolling
            shownRows = rows;
            table.removeAll();
            for (int i = 0; i < models.size(); i++) {
                TableItem item = new TableItem(table, SWT.NONE);
                item.setText(rows.get(i).toArray(String[]::new));
                item.setData(models.get(i));
                if (models.get(i).name().equals(selected)) {
                    table.setSelection(item);
                }
            }
        }
        use.setEnabled(model.canUse());
        delete.setEnabled(model.canDelete());
        export.setEnabled(model.canExport());
        importButton.setEnabled(model.canImport());
        compare.setEnabled(model.selected().isPresent());
        clearComparison.setEnabled(!model.compared().isEmpty());
        details.setText(model.details());
        showComparison();
    }

    private void showComparison() {
        Color[] colors = {theme.accent, theme.orange, theme.magenta, theme.muted};
        comparison.removeAllSeries();
        int i = 0;
        for (ModelsModel.Curve c : model.curves()) {
            int series = comparison.addSeries(c.name(), colors[i++ % colors.length]);
            c.points().forEach(p -> comparison.add(series, p[0], p[1]));
        }
        comparedMetrics.setText(model.metricsText());
        List<Object> shown = java.util.Arrays.asList(model.phase(), model.comparison(), model.compared());
        if (!shown.equals(shownComparison)) {
            shownComparison = shown;
            disagreementsCaption.setText(model.disagreementsText());
            disagreements.setTiles(model.disagreementTiles().stream()
                    .map(t -> new ImageGallery.Tile(t.image(), t.caption(), t.tooltip())).toList(),
                    model.phase() == ModelsModel.Phase.RUNNING ? "Recognizing the test images with every model..."
                            : "No image to show");
            root.layout(true, true);
        }
    }

    private void deleteSelected() {
        model.selected().ifPresent(m -> {
            MessageBox confirm = new MessageBox(root.getShell(), SWT.ICON_WARNING | SWT.YES | SWT.NO);
            confirm.setText("Delete model");
            confirm.setMessage("Delete the model '" + m.name() + "' and its checkpoints from " + model.storeDirectory()
                    + "? This cannot be undone.");
            if (confirm.open() == SWT.YES) {
                model.deleteSelected();
            }
        });
    }

    private void importModel() {
        FileDialog dialog = new FileDialog(root.getShell(), SWT.OPEN);
        dialog.setText("Import a model");
        dialog.setFilterExtensions(new String[] {"*.keras;*.h5;*.zip", "*.keras", "*.h5", "*.zip", "*"});
        dialog.setFilterNames(new String[] {"Models (*.keras, *.h5, *.zip)", "Keras 3 archives (*.keras)",
            "Keras HDF5 files (*.h5)", "Workbench models (*.zip)", "All files"});
        String file = dialog.open();
        if (file != null) {
            // A weights-only Keras file needs the architecture it fits; the workbench's CNN is the reference's.
            model.importModel(Path.of(file), file.toLowerCase(Locale.ROOT).endsWith(".weights.h5") ? "reference" : "");
        }
    }

    private void exportSelected() {
        model.selected().ifPresent(m -> {
            FileDialog dialog = new FileDialog(root.getShell(), SWT.SAVE);
            dialog.setText("Export the model '" + m.name() + "'");
            dialog.setFileName(m.name() + ".keras");
            dialog.setFilterExtensions(new String[] {"*.keras", "*.zip"});
            dialog.setFilterNames(new String[] {"Keras 3 archive (*.keras)", "Workbench model (*.zip)"});
            dialog.setOverwrite(true);
            String file = dialog.open();
            if (file != null) {
                model.exportSelected(Path.of(file));
            }
        });
    }
}
