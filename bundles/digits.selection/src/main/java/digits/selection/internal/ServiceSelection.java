package digits.selection.internal;

import digits.api.DescribedOptimizer;
import digits.api.OptimizerDescription;
import digits.api.Preprocessor;
import digits.api.Recognizer;
import digits.api.Selection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows every Recognizer, Optimizer and Preprocessor service and says which is active: the one
 * the user chose, else the configured one, else the highest-ranked. When the active one goes away
 * it falls back and tells its listeners why. Optimizers are followed as the API's
 * {@link DescribedOptimizer}: the updaters, and the engine SPI that makes them, are the engine's
 * business.
 */
@Component(configurationPid = "digits.selection")
@Designate(ocd = ServiceSelection.Config.class)
public final class ServiceSelection implements Selection {

    @ObjectClassDefinition(name = "Digit Workbench selection",
            description = "The recognizer, optimizer and preprocessor used by default")
    public @interface Config {
        @AttributeDefinition(description = "id of the preferred recognizer")
        String recognizer() default "cnn:default";

        @AttributeDefinition(description = "id of the preferred optimizer")
        String optimizer() default "adamax";

        @AttributeDefinition(description = "id of the preferred preprocessor")
        String preprocessor() default "mnist";
    }

    private static final Logger LOG = LoggerFactory.getLogger(ServiceSelection.class);

    private final Kind<Recognizer> recognizers = new Kind<>("recognizer", Recognizer::id);
    private final Kind<DescribedOptimizer> optimizers = new Kind<>("optimizer", o -> o.describe().id());
    private final Kind<Preprocessor> preprocessors = new Kind<>("preprocessor", Preprocessor::id);
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    @Activate
    @Modified
    void configure(Config config) {
        recognizers.preferred = config.recognizer();
        optimizers.preferred = config.optimizer();
        preprocessors.preferred = config.preprocessor();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addRecognizer(Recognizer r, Map<String, Object> props) {
        recognizers.add(r, ranking(props));
        fire("recognizer " + r.id() + " is available");
    }

    void removeRecognizer(Recognizer r) {
        recognizers.remove(r).ifPresent(this::fire);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addOptimizer(DescribedOptimizer o, Map<String, Object> props) {
        optimizers.add(o, ranking(props));
        fire("optimizer " + o.describe().id() + " is available");
    }

    void removeOptimizer(DescribedOptimizer o) {
        optimizers.remove(o).ifPresent(this::fire);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addPreprocessor(Preprocessor p, Map<String, Object> props) {
        preprocessors.add(p, ranking(props));
        fire("preprocessor " + p.id() + " is available");
    }

    void removePreprocessor(Preprocessor p) {
        preprocessors.remove(p).ifPresent(this::fire);
    }

    private static int ranking(Map<String, Object> props) {
        return props.get(Constants.SERVICE_RANKING) instanceof Integer i ? i : 0;
    }

    @Override
    public List<Recognizer> recognizers() {
        return recognizers.all();
    }

    @Override
    public Optional<Recognizer> activeRecognizer() {
        return recognizers.active();
    }

    @Override
    public void useRecognizer(String id) {
        recognizers.use(id);
        fire("using recognizer " + id);
    }

    @Override
    public List<OptimizerDescription> optimizers() {
        return optimizers.all().stream().map(DescribedOptimizer::describe).toList();
    }

    @Override
    public Optional<OptimizerDescription> activeOptimizer() {
        return optimizers.active().map(DescribedOptimizer::describe);
    }

    @Override
    public List<Preprocessor> preprocessors() {
        return preprocessors.all();
    }

    @Override
    public Optional<Preprocessor> activePreprocessor() {
        return preprocessors.active();
    }

    @Override
    public void useOptimizer(String id) {
        optimizers.use(id);
        fire("using optimizer " + id);
    }

    @Override
    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    private void fire(String message) {
        LOG.info("{}", message);
        for (Listener l : listeners) {
            try {
                l.selectionChanged(message);
            } catch (RuntimeException e) {
                LOG.warn("A selection listener failed", e);
            }
        }
    }

    /** The services of one kind, by id, with their rankings and the user's choice. */
    private static final class Kind<T> {
        private record Entry<T>(T service, int ranking) {}

        private final String noun;
        private final Function<T, String> idOf;
        private final Map<String, Entry<T>> byId = new ConcurrentHashMap<>();
        private volatile String chosen;
        private volatile String preferred = "";

        Kind(String noun, Function<T, String> idOf) {
            this.noun = noun;
            this.idOf = idOf;
        }

        void add(T service, int ranking) {
            byId.put(idOf.apply(service), new Entry<>(service, ranking));
        }

        /** Removes it; if it was the active one, says what is used now. */
        Optional<String> remove(T service) {
            String id = idOf.apply(service);
            String wasActive = active().map(idOf).orElse(null);
            byId.computeIfPresent(id, (k, e) -> e.service() == service ? null : e);
            if (id.equals(chosen)) {
                chosen = null;
            }
            if (id.equals(wasActive)) {
                String now = active().map(idOf).orElse("none");
                return Optional.of(noun + " " + id + " went away; now using " + now);
            }
            return Optional.of(noun + " " + id + " went away");
        }

        void use(String id) {
            if (!byId.containsKey(id)) {
                throw new IllegalArgumentException("no " + noun + " '" + id + "'; present: " + ids());
            }
            chosen = id;
        }

        Optional<T> active() {
            for (String id : new String[] {chosen, preferred}) {
                Entry<T> e = id == null ? null : byId.get(id);
                if (e != null) {
                    return Optional.of(e.service());
                }
            }
            return byId.values().stream().max(Comparator.comparingInt((Entry<T> e) -> e.ranking())
                    .thenComparing(e -> idOf.apply(e.service()), Comparator.reverseOrder())).map(Entry::service);
        }

        List<T> all() {
            List<T> out = new ArrayList<>();
            active().ifPresent(out::add);
            byId.values().stream().map(Entry::service).filter(s -> !out.contains(s))
                    .sorted(Comparator.comparing(idOf)).forEach(out::add);
            return out;
        }

        List<String> ids() {
            return byId.keySet().stream().sorted().toList();
        }
    }
}
