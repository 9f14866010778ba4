package digits.ui.internal.train;

import digits.api.Augmentation;
import digits.api.HyperParameter;
import digits.api.OptimizerDescription;
import digits.api.Selection;
import digits.api.Trainer;
import digits.api.TrainingPolicy;
import digits.api.TrainingRequest;
import digits.ui.internal.Services;
import digits.ui.internal.Status;
import digits.ui.internal.Ui;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;

/**
 * A training run's settings: model name, dataset, architecture, the optimizer with a field per
 * hyper-parameter (showing its default), epochs, batch size, validation split, early stopping,
 * image limit and augmentation. Makes the {@link TrainingRequest}.
 */
final class TrainingForm {

    private final Composite root;
    private final Services services;
    private final Status status;
    private final Text modelName;
    private final Combo dataset;
    private final Combo architecture;
    private final Combo optimizer;
    private final Composite hyperFields;
    private final Map<String, Text> hyperTexts = new LinkedHashMap<>();
    private String hyperFor = "";
    private final Spinner epochs;
    private final Spinner batchSize;
    private final Spinner validation;
    private final Spinner patience;
    private final Spinner trainLimit;
    private final Button augmentation;

    TrainingForm(Composite parent, Services services, Status status) {
        this.services = services;
        this.status = status;
        root = new Composite(parent, SWT.NONE);
        root.setLayout(Ui.grid(1, 0, 8));

        Group run = group("Run");
        modelName = new Text(field(run, "Model name"), SWT.BORDER);
        modelName.setText("mnist-reference");
        modelName.setToolTipText("The name the model is stored under in the model store (letters, digits, . _ -); "
                + "Resume continues the run stored under this name");
        modelName.setLayoutData(Ui.fillHorizontal());
        dataset = combo(run, "Dataset");
        architecture = combo(run, "Architecture");

        Group opt = group("Optimizer");
        optimizer = combo(opt, "Optimizer");
        optimizer.addListener(SWT.Selection, e -> optimizerChosen());
        hyperFields = new Composite(opt, SWT.NONE);
        hyperFields.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        hyperFields.setLayout(Ui.grid(2, 0, 6));

        Group schedule = group("Schedule");
        epochs = spinner(schedule, "Epochs", TrainingPolicy.EPOCHS, 1, 1000, "Passes over the training images");
        batchSize = spinner(schedule, "Batch size", TrainingPolicy.CPU_BATCH, 1, 4096, "Images per update");
        validation = spinner(schedule, "Validation %", (int) Math.round(100 * TrainingPolicy.VALIDATION_FRACTION), 0, 50,
                "Share of the training images held out for validation (15 = an 85/15 split)");
        patience = spinner(schedule, "Patience", 0, 0, 100,
                "Early stopping: stop after this many epochs without a better validation loss (0 = off)");
        trainLimit = spinner(schedule, "Train limit", 0, 0, 1_000_000,
                "Use at most this many training images (0 = all); for quick runs");
        trainLimit.setIncrement(1000);
        new Label(schedule, SWT.NONE);
        augmentation = new Button(schedule, SWT.CHECK);
        augmentation.setText("Augmentation");
        augmentation.setToolTipText("Random shifts (2 px), rotations (12°) and scaling (10%) of the training images");
    }

    Control control() {
        return root;
    }

    private Group group(String title) {
        Group g = new Group(root, SWT.NONE);
        g.setText(title);
        g.setLayout(Ui.grid(2, 6, 5));
        g.setLayoutData(Ui.fillHorizontal());
        return g;
    }

    /** A label; returns the parent for the field that follows it (found by the label in tests). */
    private static Composite field(Composite parent, String label) {
        new Label(parent, SWT.NONE).setText(label);
        return parent;
    }

    private static Combo combo(Composite parent, String label) {
        Combo c = new Combo(field(parent, label), SWT.READ_ONLY);
        c.setLayoutData(Ui.fillHorizontal());
        return c;
    }

    private static Spinner spinner(Composite parent, String label, int value, int min, int max, String tip) {
        Spinner s = new Spinner(field(parent, label), SWT.BORDER);
        s.setValues(value, min, max, 0, 1, 10);
        s.setToolTipText(tip);
        s.setLayoutData(Ui.fillHorizontal());
        return s;
    }

    /** Datasets, architectures or optimizers came or went. UI thread. */
    void servicesChanged() {
        setItems(dataset, services.datasetIds(), "mnist");
        setItems(architecture, services.trainer().map(Trainer::architectures).orElse(List.of()),
                TrainingPolicy.ARCHITECTURE);
        optimizersChanged();
    }

    /** The optimizers (or the active one) changed. UI thread. */
    void optimizersChanged() {
        Selection s = services.selection().orElse(null);
        List<String> ids = s == null ? List.of() : s.optimizers().stream().map(OptimizerDescription::id).sorted().toList();
        String active = s == null ? null : s.activeOptimizer().map(OptimizerDescription::id).orElse(null);
        setItems(optimizer, ids, active);
        if (active != null && ids.contains(active) && !active.equals(current(optimizer))) {
            optimizer.select(ids.indexOf(active));
        }
        rebuildHyperFields();
    }

    boolean complete() {
        return dataset.getItemCount() > 0 && architecture.getItemCount() > 0 && optimizer.getItemCount() > 0;
    }

    String modelName() {
        return modelName.getText().trim();
    }

    int epochs() {
        return epochs.getSelection();
    }

    private static void setItems(Combo combo, List<String> items, String preferred) {
        String chosen = current(combo);
        if (!items.equals(List.of(combo.getItems()))) {
            combo.setItems(items.toArray(String[]::new));
        }
        int index = chosen != null ? items.indexOf(chosen) : -1;
        if (index < 0 && preferred != null) {
            index = items.indexOf(preferred);
        }
        if (index < 0 && !items.isEmpty()) {
            index = 0;
        }
        if (index >= 0) {
            combo.select(index);
        }
        combo.setEnabled(!items.isEmpty());
    }

    private static String current(Combo combo) {
        int i = combo.getSelectionIndex();
        return i < 0 ? null : combo.getItem(i);
    }

    private void optimizerChosen() {
        String id = current(optimizer);
        Optional<Selection> s = services.selection();
        if (id != null && s.isPresent()) {
            try {
                s.get().useOptimizer(id);
            } catch (IllegalArgumentException e) {
                status.problem(e.getMessage());
            }
        }
        rebuildHyperFields();
    }

    private Optional<OptimizerDescription> chosenOptimizer() {
        String id = current(optimizer);
        return services.selection().flatMap(s -> s.optimizers().stream().filter(o -> o.id().equals(id)).findFirst());
    }

    /** One text field per hyper-parameter of the chosen optimizer, showing its default. */
    private void rebuildHyperFields() {
        Optional<OptimizerDescription> o = chosenOptimizer();
        String id = o.map(OptimizerDescription::id).orElse("");
        if (id.equals(hyperFor)) {
            return;
        }
        hyperFor = id;
        for (Control c : hyperFields.getChildren()) {
            c.dispose();
        }
        hyperTexts.clear();
        for (HyperParameter p : o.map(OptimizerDescription::hyperParameters).orElse(List.of())) {
            Label l = new Label(hyperFields, SWT.NONE);
            l.setText(p.name());
            Text t = new Text(hyperFields, SWT.BORDER);
            t.setText(Ui.number(p.defaultValue()));
            t.setToolTipText(p.description() + " (default " + Ui.number(p.defaultValue()) + ", from "
                    + Ui.number(p.min()) + " to " + Ui.number(p.max()) + ")");
            t.setLayoutData(Ui.fillHorizontal());
            hyperTexts.put(p.name(), t);
        }
        optimizer.setToolTipText(o.map(OptimizerDescription::description).orElse(null));
        root.getParent().layout(true, true);
    }

    private Map<String, Double> hyperValues(OptimizerDescription o) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (HyperParameter p : o.hyperParameters()) {
            Text t = hyperTexts.get(p.name());
            if (t == null) {
                continue;
            }
            double v;
            try {
                v = Double.parseDouble(t.getText().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(p.name() + ": '" + t.getText() + "' is not a number");
            }
            if (v < p.min() || v > p.max()) {
                throw new IllegalArgumentException(p.name() + " must be from " + Ui.number(p.min()) + " to "
                        + Ui.number(p.max()) + ", got " + Ui.number(v));
            }
            values.put(p.name(), v);
        }
        return values;
    }

    /**
     * The request these settings make.
     *
     * @throws IllegalArgumentException with a sentence for the user when a setting is missing or wrong
     */
    TrainingRequest request() {
        Optional<OptimizerDescription> o = chosenOptimizer();
        if (current(dataset) == null || current(architecture) == null || o.isEmpty()) {
            throw new IllegalArgumentException("Training needs a dataset, an architecture and an optimizer");
        }
        if (modelName().isEmpty()) {
            throw new IllegalArgumentException("Give the model a name");
        }
        return TrainingRequest.defaults(current(dataset))
                .withModelName(modelName())
                .withArchitecture(current(architecture))
                .withOptimizer(o.get().id(), hyperValues(o.get()))
                .withEpochs(epochs.getSelection())
                .withBatchSize(batchSize.getSelection())
                .withValidationFraction(validation.getSelection() / 100.0)
                .withAugmentation(augmentation.getSelection() ? Augmentation.STANDARD : Augmentation.NONE)
                .withEarlyStopping(TrainingPolicy.earlyStopping(patience.getSelection()))
                .withTrainLimit(trainLimit.getSelection());
    }
}
