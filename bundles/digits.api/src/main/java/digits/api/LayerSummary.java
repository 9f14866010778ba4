package digits.api;

/**
 * One layer of a network, as a model summary lists it.
 *
 * @param name        the layer's name
 * @param type        e.g. {@code Conv2D}, {@code MaxPool}, {@code Dense}, {@code Dropout}, {@code BatchNorm}
 * @param inputShape  e.g. {@code 28x28x1}
 * @param outputShape e.g. {@code 26x26x16}
 * @param activation  e.g. {@code relu}; empty if none
 * @param parameters  trainable parameters
 */
public record LayerSummary(String name, String type, String inputShape, String outputShape, String activation,
        long parameters) {}
