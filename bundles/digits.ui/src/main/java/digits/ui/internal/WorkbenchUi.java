package digits.ui.internal;

import digits.api.Adapter;
import digits.api.DrawingStore;
import digits.api.ComputeBackend;
import digits.api.DatasetProvider;
import digits.api.Evaluator;
import digits.api.Explainer;
import digits.api.ModelExporter;
import digits.api.ModelImporter;
import digits.api.ModelStore;
import digits.api.Selection;
import digits.api.Trainer;
import digits.api.TrainingRun;
import java.util.Map;
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
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns SWT's one Display: it runs on a thread this component starts, and lives as long as the
 * component. Closing the window stops the framework; the event loop keeps running until
 * {@link #deactivate()} disposes the Display, so nothing waits on a dead UI thread.
 *
 * <p>Every service the window uses is a dynamic, optional reference: the window stays open while
 * bundles come and go (from its own Bundles tab, say), and each view enables what the services
 * present allow.
 */
@Component(immediate = true)
public final class WorkbenchUi {

    private static final Logger LOG = LoggerFactory.getLogger(WorkbenchUi.class);

    private final Services services = new Services();
    private final AtomicReference<Display> display = new AtomicReference<>();
    private volatile MainWindow window;
    private Thread uiThread;

    @Activate
    void activate(BundleContext context) throws Exception {
        services.setContext(context);
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
        services.close();
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

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setSelection(Selection s) {
        services.setSelection(s);
    }

    void unsetSelection(Selection s) {
        services.unsetSelection(s);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setBackend(ComputeBackend b) {
        services.setBackend(b);
    }

    void unsetBackend(ComputeBackend b) {
        services.unsetBackend(b);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setTrainer(Trainer t) {
        services.setTrainer(t);
    }

    void unsetTrainer(Trainer t) {
        services.unsetTrainer(t);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setEvaluator(Evaluator e) {
        services.setEvaluator(e);
    }

    void unsetEvaluator(Evaluator e) {
        services.unsetEvaluator(e);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setExplainer(Explainer e) {
        services.setExplainer(e);
    }

    void unsetExplainer(Explainer e) {
        services.unsetExplainer(e);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setModelStore(ModelStore m) {
        services.setModelStore(m);
    }

    void unsetModelStore(ModelStore m) {
        services.unsetModelStore(m);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setImporter(ModelImporter i) {
        services.setImporter(i);
    }

    void unsetImporter(ModelImporter i) {
        services.unsetImporter(i);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setExporter(ModelExporter e) {
        services.setExporter(e);
    }

    void unsetExporter(ModelExporter e) {
        services.unsetExporter(e);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setDrawings(DrawingStore d) {
        services.setDrawings(d);
    }

    void unsetDrawings(DrawingStore d) {
        services.unsetDrawings(d);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setAdapter(Adapter a) {
        services.setAdapter(a);
    }

    void unsetAdapter(Adapter a) {
        services.unsetAdapter(a);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addDataset(DatasetProvider d) {
        services.addDataset(d);
    }

    void removeDataset(DatasetProvider d) {
        services.removeDataset(d);
    }
}
