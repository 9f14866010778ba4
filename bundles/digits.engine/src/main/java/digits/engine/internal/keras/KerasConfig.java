package digits.engine.internal.keras;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import digits.api.ModelException;
import java.util.ArrayList;
import java.util.List;

/** Reading Keras's model config: the layer list of a Sequential or of a functional chain. */
public final class KerasConfig {

    private KerasConfig() {}

    public static List<JsonObject> layers(JsonObject model, String shown) throws ModelException {
        String cls = str(model, "class_name");
        JsonObject config = model.has("config") && model.get("config").isJsonObject() ? model.getAsJsonObject("config") : null;
        if (config == null || !config.has("layers") || !config.get("layers").isJsonArray()) {
            throw new ModelException(shown + ": the config has no layer list (class " + cls + ")");
        }
        List<JsonObject> out = new ArrayList<>();
        for (JsonElement e : config.getAsJsonArray("layers")) {
            out.add(e.getAsJsonObject());
        }
        switch (cls) {
            case "Sequential" -> { }
            case "Functional", "Model" -> checkChain(out, shown);
            default -> throw new ModelException(shown + ": a " + cls + " model is not supported (a Sequential or a functional chain is)");
        }
        return out;
    }

    /** A functional model is accepted when each layer takes the one before it, and only that one. */
    private static void checkChain(List<JsonObject> layers, String shown) throws ModelException {
        for (int i = 1; i < layers.size(); i++) {
            List<String> inputs = new ArrayList<>();
            collectHistory(layers.get(i).get("inbound_nodes"), inputs);
            String previous = name(layers.get(i - 1));
            if (inputs.size() != 1 || !inputs.get(0).equals(previous)) {
                throw new ModelException(shown + ": layer '" + name(layers.get(i)) + "' takes " + inputs
                        + ", not just '" + previous + "': only a chain of layers is supported");
            }
        }
    }

    /** Keras 3 names a layer's inputs by "keras_history": [layer, node, tensor]; Keras 2 by [[layer, node, tensor, {}]]. */
    private static void collectHistory(JsonElement e, List<String> out) {
        if (e == null || e.isJsonNull() || e.isJsonPrimitive()) {
            return;
        }
        if (e.isJsonObject()) {
            JsonObject o = e.getAsJsonObject();
            if (o.has("keras_history") && o.get("keras_history").isJsonArray()) {
                out.add(o.getAsJsonArray("keras_history").get(0).getAsString());
                return;
            }
            for (var entry : o.entrySet()) {
                collectHistory(entry.getValue(), out);
            }
            return;
        }
        JsonArray a = e.getAsJsonArray();
        if (a.size() >= 3 && a.get(0).isJsonPrimitive() && a.get(0).getAsJsonPrimitive().isString()
                && a.get(1).isJsonPrimitive() && a.get(1).getAsJsonPrimitive().isNumber()) {
            out.add(a.get(0).getAsString());
            return;
        }
        for (JsonElement x : a) {
            collectHistory(x, out);
        }
    }

    public static String type(JsonObject layer) {
        return str(layer, "class_name");
    }

    public static JsonObject config(JsonObject layer) {
        return layer.has("config") && layer.get("config").isJsonObject() ? layer.getAsJsonObject("config") : new JsonObject();
    }

    public static String name(JsonObject layer) {
        String n = str(config(layer), "name");
        return n.isEmpty() ? str(layer, "name") : n;
    }

    /** How many variables a layer of this type keeps in the weights file, in Keras's order. */
    public static int variableCount(String type, JsonObject config) {
        return switch (type) {
            case "Conv2D", "Dense" -> bool(config, "use_bias", true) ? 2 : 1;
            case "BatchNormalization" -> (bool(config, "scale", true) ? 1 : 0) + (bool(config, "center", true) ? 1 : 0) + 2;
            default -> 0;
        };
    }

    public static String str(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? "" : e.isJsonPrimitive() ? e.getAsString() : e.toString();
    }

    public static boolean bool(JsonObject o, String key, boolean otherwise) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? otherwise : e.getAsBoolean();
    }

    public static double num(JsonObject o, String key, double otherwise) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? otherwise : e.getAsDouble();
    }

    /** An int pair such as kernel_size [3, 3] (or a single int for both). */
    public static int[] pair(JsonObject o, String key, int[] otherwise) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return otherwise;
        }
        if (e.isJsonPrimitive()) {
            return new int[] {e.getAsInt(), e.getAsInt()};
        }
        JsonArray a = e.getAsJsonArray();
        return new int[] {a.get(0).getAsInt(), a.get(a.size() > 1 ? 1 : 0).getAsInt()};
    }
}
