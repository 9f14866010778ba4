package digits.engine.internal;

import digits.api.AdaptationListener;
import digits.api.AdaptationRequest;
import digits.api.AdaptationResult;
import digits.api.Adapter;
import digits.api.BusyException;
import digits.api.ComputeBackend;
import digits.api.DatasetProvider;
import digits.api.ModelStore;
import digits.api.engine.Optimizer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Adapts stored models to a writer on DL4J, one at a time, each on a thread of its own. */
@Component(service = Adapter.class)
public final class Dl4jAdapter implements Adapter {

    private static final Logger LOG = LoggerFactory.getLogger(Dl4jAdapter.class);

    private final ModelStore store;
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<DatasetProvider> datasets = List.of();
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<Optimizer> optimizers = List.of();
    private final AtomicReference<AdaptationRequest> current = new AtomicReference<>();

    @Activate
    public Dl4jAdapter(@Reference ModelStore store, @Reference ComputeBackend backend) {
        // The backend reference orders activation: ND4J is initialised before any network is loaded.
        this.store = store;
    }

    @Override
    public CompletionStage<AdaptationResult> adapt(AdaptationRequest request, AdaptationListener listener)
            throws BusyException {
        if (store.find(request.fromModel()).isEmpty()) {
            throw new IllegalArgumentException("no stored model '" + request.fromModel() + "' to adapt; stored: "
                    + store.list().stream().map(m -> m.name()).sorted().toList());
        }
        String replayId = request.policy().replayDatasetId();
        DatasetProvider replay = DatasetProvider.byId(datasets, replayId).orElseThrow(() -> new IllegalArgumentException(
                "the dataset '" + replayId + "' to replay is not present; present: " + DatasetProvider.ids(datasets)));
        String optimizerId = request.policy().optimizerId();
        Optimizer optimizer = optimizers.stream().filter(o -> o.id().equals(optimizerId)).findFirst().orElseThrow(
                () -> new IllegalArgumentException("the optimizer '" + optimizerId + "' is not present"));
        if (!current.compareAndSet(null, request)) {
            throw new BusyException("busy: adapting '" + current.get().fromModel() + "' as '"
                    + current.get().modelName() + "'; wait for it to finish");
        }
        CompletableFuture<AdaptationResult> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            AdaptationResult done = null;
            Throwable failure = null;
            try {
                done = new AdaptationJob(request, replay, optimizer, store, listener).run();
            } catch (Throwable e) {
                LOG.error("Adapting {} failed", request.fromModel(), e);
                failure = e;
            }
            // Free before completing: whoever waits on the result may start the next one at once.
            current.set(null);
            if (failure == null) {
                result.complete(done);
            } else {
                result.completeExceptionally(failure);
            }
        }, "digits-adapt-" + request.modelName());
        t.setDaemon(true);
        t.start();
        return result;
    }
}
