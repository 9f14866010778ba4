package digits.engine.internal;

import digits.api.ComputeBackend;
import digits.api.ModelException;
import digits.api.ModelInfo;
import digits.api.ModelStore;
import digits.api.Recognizer;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes one Recognizer service per stored model ({@code cnn:NAME}) and keeps the set in
 * step with the model store. The model named {@code default} ranks highest, so it is the one a
 * fresh workbench uses. A model that cannot be loaded is skipped with a warning.
 *
 * <p>The {@value #PID} configuration says how each recognizer batches concurrent calls; a
 * change re-registers the recognizers with the new settings.
 */
@Component(immediate = true, configurationPid = ModelRecognizers.PID)
@Designate(ocd = ModelRecognizers.Config.class)
public final class ModelRecognizers {

    static final String PID = "digits.engine.recognizers";

    @ObjectClassDefinition(name = "Digit Workbench recognizers",
            description = "How the stored models' recognizers batch concurrent calls into one forward pass")
    @interface Config {
        @AttributeDefinition(description = "the most images in one forward pass")
        int maxBatch() default 128;

        @AttributeDefinition(description = "microseconds a forward pass waits for more calls before it starts, "
                + "unless the batch is full; 0: only the calls that arrived while the previous pass ran join it")
        long batchWindowMicros() default 0;

        @AttributeDefinition(description = "forward passes that run at once, each on one thread with its own copy of "
                + "the network's activations; 0: one per core (at most 8)")
        int lanes() default 0;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ModelRecognizers.class);

    private final ModelStore store;
    private final BundleContext context;
    private final Map<String, Registered> registered = new HashMap<>();
    private final Runnable onChange = this::sync;
    private volatile CnnRecognizer.Batching batching;

    private record Registered(ModelInfo info, ServiceRegistration<Recognizer> registration) {}

    @Activate
    public ModelRecognizers(@Reference ModelStore store, @Reference ComputeBackend backend, BundleContext context,
            Config config) {
        this.store = store;
        this.context = context;
        this.batching = batching(config);
        store.addListener(onChange);
        sync();
    }

    @Modified
    synchronized void modified(Config config) {
        CnnRecognizer.Batching now = batching(config);
        if (!now.equals(batching)) {
            batching = now;
            registered.values().forEach(r -> unregister(r.registration()));
            registered.clear();
            sync();
        }
    }

    private static CnnRecognizer.Batching batching(Config config) {
        if (config.maxBatch() < 1 || config.batchWindowMicros() < 0 || config.lanes() < 0 || config.lanes() > 16) {
            throw new IllegalArgumentException(PID + ": maxBatch must be at least 1, batchWindowMicros at least 0 and lanes "
                    + "0 to 16, got " + config.maxBatch() + ", " + config.batchWindowMicros() + " and " + config.lanes());
        }
        int lanes = config.lanes() == 0 ? CnnRecognizer.Batching.defaultLanes() : config.lanes();
        return new CnnRecognizer.Batching(config.maxBatch(), config.batchWindowMicros(), lanes);
    }

    @Deactivate
    synchronized void deactivate() {
        store.removeListener(onChange);
        registered.values().forEach(r -> unregister(r.registration()));
        registered.clear();
    }

    synchronized void sync() {
        Map<String, ModelInfo> models = new HashMap<>();
        store.list().forEach(m -> models.put(m.name(), m));
        registered.entrySet().removeIf(e -> {
            ModelInfo now = models.get(e.getKey());
            if (now == null || !now.equals(e.getValue().info())) {
                unregister(e.getValue().registration());
                return true;
            }
            return false;
        });
        for (ModelInfo info : models.values()) {
            if (registered.containsKey(info.name())) {
                continue;
            }
            try {
                CnnRecognizer r = new CnnRecognizer(info, store.modelFile(info.name()), batching);
                r.load();
                Hashtable<String, Object> props = new Hashtable<>();
                props.put(Recognizer.ID_PROPERTY, r.id());
                props.put("service.ranking", "default".equals(info.name()) ? 100 : 50);
                registered.put(info.name(), new Registered(info, context.registerService(Recognizer.class, r, props)));
            } catch (ModelException | RuntimeException e) {
                LOG.warn("Model {} is not offered as a recognizer: {}", info.name(), e.getMessage());
            }
        }
    }

    private static void unregister(ServiceRegistration<?> r) {
        try {
            r.unregister();
        } catch (IllegalStateException e) {
            // already gone with the bundle
        }
    }
}
