package digits.api;

import java.util.List;

/** A network's layers in order and its parameter count. */
public record ModelSummary(String architecture, List<LayerSummary> layers) {

    public ModelSummary {
        layers = List.copyOf(layers);
    }

    public long totalParameters() {
        return layers.stream().mapToLong(LayerSummary::parameters).sum();
    }
}
