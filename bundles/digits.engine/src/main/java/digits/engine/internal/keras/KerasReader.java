package digits.engine.internal.keras;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import digits.api.ModelException;
import digits.engine.internal.keras.KerasModel.Layer;
import digits.engine.internal.keras.KerasModel.OptimizerState;
import digits.engine.internal.keras.KerasModel.Tensor;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads the three Keras file kinds into a {@link KerasModel}: a Keras 3 archive ({@code .keras}:
 * {@code config.json} and {@code model.weights.h5}), a Keras 2 HDF5 model ({@code model_config}
 * attribute, weights under {@code model_weights/}), and a weights-only Keras 3 file, whose layers
 * come from the architecture it is said to fit. Every failure is a one-line {@link ModelException}.
 */
public final class KerasReader {

    private KerasReader() {}

    public static KerasModel readArchive(Path file) throws ModelException {
        String shown = file.getFileName().toString();
        byte[] config;
        byte[] weights;
        String version = "";
        try (ZipFile zip = new ZipFile(file.toFile())) {
            config = entry(zip, "config.json", shown);
            weights = entry(zip, "model.weights.h5", shown);
            ZipEntry meta = zip.getEntry("metadata.json");
            if (meta != null) {
                try (InputStream in = zip.getInputStream(meta)) {
                    JsonObject m = JsonParser.parseString(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).getAsJsonObject();
                    version = m.has("keras_version") ? m.get("keras_version").getAsString() : "";
                } catch (RuntimeException e) {
                    throw new ModelException(shown + ": metadata.json is not valid JSON (" + e.getMessage() + ")", e);
                }
            }
        } catch (IOException e) {
            throw new ModelException(shown + " is not a Keras archive: not a readable zip (" + e.getMessage() + ")", e);
        }
        List<JsonObject> layers = KerasConfig.layers(parse(config, shown + ": config.json"), shown);
        HdfFile h5 = open(weights, shown + ": model.weights.h5");
        return new KerasModel(version, withKeras3Vars(layers, h5, shown), keras3Optimizer(h5, shown));
    }

    /** A Keras 3 weights file ({@code model.save_weights}) for layers known from elsewhere. */
    public static KerasModel readWeights(Path file, List<JsonObject> layers) throws ModelException {
        String shown = file.getFileName().toString();
        HdfFile h5 = open(readAll(file), shown);
        if (h5.getChild("layers") == null) {
            throw new ModelException(shown + " is not a Keras 3 weights file: it has no 'layers' group");
        }
        return new KerasModel("", withKeras3Vars(layers, h5, shown), keras3Optimizer(h5, shown));
    }

    /** A Keras 2 HDF5 model: its config in the {@code model_config} attribute. */
    public static KerasModel readKeras2(Path file) throws ModelException {
        String shown = file.getFileName().toString();
        HdfFile h5 = open(readAll(file), shown);
        Attribute config = h5.getAttribute("model_config");
        if (config == null) {
            throw new ModelException(shown + " has no model_config: a weights-only file needs --architecture NAME");
        }
        String version = h5.getAttribute("keras_version") == null ? "" : String.valueOf(h5.getAttribute("keras_version").getData());
        List<JsonObject> layers = KerasConfig.layers(parse(String.valueOf(config.getData()).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                shown + ": model_config"), shown);
        Node weightsRoot = h5.getChild("model_weights");
        Group root = weightsRoot instanceof Group g ? g : h5;
        List<Layer> out = new ArrayList<>();
        for (JsonObject l : layers) {
            String name = KerasConfig.name(l);
            List<Tensor> vars = new ArrayList<>();
            if (root.getChild(name) instanceof Group g && g.getAttribute("weight_names") != null) {
                for (String w : strings(g.getAttribute("weight_names").getData())) {
                    Node n = g.getByPath(w);
                    if (!(n instanceof Dataset d)) {
                        throw new ModelException(shown + ": layer '" + name + "' lists weight " + w + " but the file has no such dataset");
                    }
                    vars.add(tensor(d, shown));
                }
            }
            out.add(new Layer(KerasConfig.type(l), name, KerasConfig.config(l), vars));
        }
        return new KerasModel(version, out, null);
    }

    /** Whether an HDF5 file is a Keras 2 model (rather than Keras 3 weights). */
    public static boolean isKeras2Model(Path file) throws ModelException {
        HdfFile h5 = open(readAll(file), file.getFileName().toString());
        return h5.getAttribute("model_config") != null;
    }

    private static List<Layer> withKeras3Vars(List<JsonObject> layers, HdfFile h5, String shown) throws ModelException {
        Node layersGroup = h5.getChild("layers");
        List<Layer> out = new ArrayList<>();
        for (JsonObject l : layers) {
            String name = KerasConfig.name(l);
            String type = KerasConfig.type(l);
            List<Tensor> vars = new ArrayList<>();
            Node vg = layersGroup instanceof Group g && g.getChild(name) instanceof Group lg ? lg.getChild("vars") : null;
            int expected = KerasConfig.variableCount(type, KerasConfig.config(l));
            if (expected > 0 && !(vg instanceof Group)) {
                throw new ModelException(shown + ": layer '" + name + "' (" + type + ") has no weights in the file (no layers/" + name + "/vars)");
            }
            for (int i = 0; i < expected; i++) {
                Node n = ((Group) vg).getChild(String.valueOf(i));
                if (!(n instanceof Dataset d)) {
                    throw new ModelException(shown + ": layer '" + name + "' (" + type + ") is missing weight " + i + " of " + expected
                            + " (layers/" + name + "/vars/" + i + ")");
                }
                vars.add(tensor(d, shown));
            }
            out.add(new Layer(type, name, KerasConfig.config(l), vars));
        }
        return out;
    }

    /** Adam's or Adamax's state: iterations, learning rate, then two slots per trainable variable. */
    private static OptimizerState keras3Optimizer(HdfFile h5, String shown) throws ModelException {
        if (!(h5.getChild("optimizer") instanceof Group opt) || !(opt.getChild("vars") instanceof Group vars)) {
            return null;
        }
        Attribute nameAttr = vars.getAttribute("name");
        String type = nameAttr == null ? "" : String.valueOf(nameAttr.getData()).toLowerCase();
        if (!type.equals("adamax") && !type.equals("adam")) {
            return null; // another optimizer: its state does not map, and a fine-tune starts afresh
        }
        int count = vars.getChildren().size();
        if (count < 2 || count % 2 != 0) {
            return null;
        }
        long iterations = ((Number) ((Dataset) vars.getChild("0")).getData()).longValue();
        double rate = ((Number) ((Dataset) vars.getChild("1")).getData()).doubleValue();
        List<Tensor[]> slots = new ArrayList<>();
        for (int i = 2; i < count; i += 2) {
            if (!(vars.getChild(String.valueOf(i)) instanceof Dataset a) || !(vars.getChild(String.valueOf(i + 1)) instanceof Dataset b)) {
                return null;
            }
            slots.add(new Tensor[] {tensor(a, shown), tensor(b, shown)});
        }
        return new OptimizerState(type, iterations, rate, new HashMap<>(), slots);
    }

    static Tensor tensor(Dataset d, String shown) throws ModelException {
        Object flat;
        try {
            flat = d.isScalar() ? new float[] {((Number) d.getData()).floatValue()} : d.getDataFlat();
        } catch (RuntimeException e) {
            throw new ModelException(shown + ": cannot read " + d.getPath() + " (" + e.getMessage() + ")", e);
        }
        float[] data;
        if (flat instanceof float[] f) {
            data = f;
        } else if (flat instanceof double[] dd) {
            data = new float[dd.length];
            for (int i = 0; i < dd.length; i++) {
                data[i] = (float) dd[i];
            }
        } else {
            throw new ModelException(shown + ": " + d.getPath() + " holds " + d.getJavaType().getSimpleName() + ", not floats");
        }
        return new Tensor(d.getDimensions(), data);
    }

    private static List<String> strings(Object data) {
        List<String> out = new ArrayList<>();
        if (data instanceof Object[] arr) {
            for (Object o : arr) {
                out.add(String.valueOf(o));
            }
        } else {
            out.add(String.valueOf(data));
        }
        return out;
    }

    private static byte[] entry(ZipFile zip, String name, String shown) throws IOException, ModelException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            throw new ModelException(shown + " is not a Keras 3 archive: it has no " + name);
        }
        try (InputStream in = zip.getInputStream(e)) {
            return in.readAllBytes();
        } catch (IOException ex) {
            throw new ModelException(shown + ": " + name + " is truncated or corrupt (" + ex.getMessage() + ")", ex);
        }
    }

    private static byte[] readAll(Path file) throws ModelException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelException(file.getFileName() + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    static HdfFile open(byte[] bytes, String shown) throws ModelException {
        try {
            return HdfFile.fromBytes(bytes);
        } catch (RuntimeException e) {
            throw new ModelException(shown + " is not a readable HDF5 file (" + e.getMessage() + ")", e);
        }
    }

    private static JsonObject parse(byte[] json, String shown) throws ModelException {
        try {
            JsonElement e = JsonParser.parseString(new String(json, java.nio.charset.StandardCharsets.UTF_8));
            if (!e.isJsonObject()) {
                throw new ModelException(shown + " is not a JSON object");
            }
            return e.getAsJsonObject();
        } catch (RuntimeException e) {
            throw new ModelException(shown + " is not valid JSON (" + e.getMessage() + ")", e);
        }
    }
}
