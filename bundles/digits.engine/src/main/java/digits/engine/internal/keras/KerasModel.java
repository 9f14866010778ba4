package digits.engine.internal.keras;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * A Keras model as read from (or written to) a file, before any DL4J type: its layers in order,
 * each layer's variables in Keras's own order and layout (kernels HWIO, flatten order H,W,C), and
 * the optimizer's state where the file has it.
 *
 * @param kerasVersion the Keras version that wrote it ("" if the file does not say)
 * @param layers       the layers, input first
 * @param optimizer    the optimizer state, or null
 */
public record KerasModel(String kerasVersion, List<Layer> layers, OptimizerState optimizer) {

    /** One layer: Keras's class name, its name, its config, and its variables (kernel, bias, ...). */
    public record Layer(String type, String name, JsonObject config, List<Tensor> vars) {
        public Layer withVars(List<Tensor> newVars) {
            return new Layer(type, name, config, newVars);
        }
    }

    /** A float array in C order with its shape. */
    public record Tensor(int[] shape, float[] data) {
        public String shapeText() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < shape.length; i++) {
                sb.append(i == 0 ? "" : "x").append(shape[i]);
            }
            return shape.length == 0 ? "a scalar" : sb.toString();
        }
    }

    /**
     * An Adam-family optimizer's state: {@code slots} holds, for each trainable variable in
     * the model's order, its first and second moment ({@code m} and {@code u} for Adamax,
     * {@code m} and {@code v} for Adam).
     */
    public record OptimizerState(String type, long iterations, double learningRate, Map<String, Double> config,
            List<Tensor[]> slots) {}
}
