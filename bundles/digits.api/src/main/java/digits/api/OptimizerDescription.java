package digits.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the shell and the UI know of an optimizer: its id, a line of text and its
 * hyper-parameters. The updater itself stays in the engine's SPI ({@code digits.api.engine}).
 *
 * @param id              a short stable identifier, e.g. {@code adamax}
 * @param description     one line a person can read
 * @param hyperParameters its hyper-parameters with defaults; the first is the learning rate by convention
 */
public record OptimizerDescription(String id, String description, List<HyperParameter> hyperParameters) {

    public OptimizerDescription {
        hyperParameters = List.copyOf(hyperParameters);
    }

    /** The requested values merged over the defaults, in the order of {@link #hyperParameters()}. */
    public Map<String, Double> resolve(Map<String, Double> values) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (HyperParameter p : hyperParameters) {
            out.put(p.name(), values.getOrDefault(p.name(), p.defaultValue()));
        }
        return out;
    }

    /** The default learning rate (the first hyper-parameter), NaN when it has none. */
    public double defaultLearningRate() {
        return hyperParameters.isEmpty() ? Double.NaN : hyperParameters.get(0).defaultValue();
    }
}
