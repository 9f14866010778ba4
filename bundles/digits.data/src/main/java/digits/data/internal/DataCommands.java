package digits.data.internal;

import digits.api.DatasetException;
import digits.api.DatasetProvider;
import digits.api.LabelledImages;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The dataset commands, scope {@code digits}. They list every {@link DatasetProvider} in the
 * framework, not only this bundle's, following them as bundles come and go.
 */
@Component(service = Object.class, property = {
    "osgi.command.scope=digits",
    "osgi.command.function=datasets",
    "osgi.command.function=fetch" })
public final class DataCommands {

    private final Map<String, DatasetProvider> byId = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeDataset")
    void addDataset(DatasetProvider dataset) {
        byId.put(dataset.id(), dataset);
    }

    void removeDataset(DatasetProvider dataset) {
        byId.remove(dataset.id(), dataset);
    }

    @Descriptor("list the datasets: id, description, and whether each is provisioned (with counts once loaded)")
    public String datasets() {
        if (byId.isEmpty()) {
            return "no datasets";
        }
        StringBuilder out = new StringBuilder();
        for (DatasetProvider d : new TreeMap<>(byId).values()) {
            // Only this bundle's providers can tell their state without fetching; provision() may download.
            String state = d instanceof DatasetState s ? s.state() : "provided by another bundle";
            out.append(String.format("%-14s %s%n%-14s %s%n", d.id(), d.description(), "", state));
        }
        return out.toString();
    }

    @Descriptor("make a dataset's files present and valid, fetching them if needed, and load it")
    public String fetch(@Descriptor("the dataset's id, e.g. mnist") String name) throws DatasetException {
        DatasetProvider d = byId.get(name);
        if (d == null) {
            throw new IllegalArgumentException("no dataset '" + name + "'; there are: "
                    + String.join(", ", new TreeMap<>(byId).keySet()));
        }
        String source = d.provision();
        LabelledImages train = d.train();
        LabelledImages test = d.test();
        return d.id() + ": " + source + "; " + train.count() + " training images, " + test.count() + " test images";
    }
}
