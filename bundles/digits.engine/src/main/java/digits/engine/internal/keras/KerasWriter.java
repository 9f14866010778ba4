package digits.engine.internal.keras;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import digits.engine.internal.keras.KerasModel.Layer;
import digits.engine.internal.keras.KerasModel.Tensor;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a Keras 3 archive as Keras 3 itself does: a zip of {@code metadata.json},
 * {@code config.json} (a Sequential) and {@code model.weights.h5} (HDF5, one
 * {@code layers/<name>/vars} group per layer, its variables as datasets {@code 0, 1, ...}).
 */
public final class KerasWriter {

    /** The config key a layer's input shape travels under until it is written as its build_config. */
    public static final String BUILD_SHAPE = "__build_input_shape";
    /** The Keras 3 file format these archives follow. */
    public static final String KERAS_VERSION = "3.9.0";
    private static final Gson GSON = new GsonBuilder().serializeNulls().create();

    private KerasWriter() {}

    /** Writes the archive to {@code target} (the caller makes the move into place atomic). */
    public static void write(KerasModel model, Path target) throws IOException {
        Path h5 = Files.createTempFile(target.toAbsolutePath().getParent(), ".weights", ".h5");
        try {
            writeWeights(model, h5);
            try (OutputStream out = Files.newOutputStream(target); ZipOutputStream zip = new ZipOutputStream(out)) {
                JsonObject meta = new JsonObject();
                meta.addProperty("keras_version", KERAS_VERSION);
                meta.addProperty("date_saved", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd@HH:mm:ss")));
                put(zip, "metadata.json", GSON.toJson(meta).getBytes(StandardCharsets.UTF_8));
                put(zip, "config.json", GSON.toJson(config(model)).getBytes(StandardCharsets.UTF_8));
                put(zip, "model.weights.h5", Files.readAllBytes(h5));
            }
        } finally {
            Files.deleteIfExists(h5);
        }
    }

    /** The Sequential's config.json. */
    public static JsonObject config(KerasModel model) {
        JsonArray layers = new JsonArray();
        for (Layer l : model.layers()) {
            JsonObject cfg = l.config().deepCopy();
            JsonElement build = cfg.remove(BUILD_SHAPE);
            JsonObject o = new JsonObject();
            o.addProperty("module", "keras.layers");
            o.addProperty("class_name", l.type());
            o.add("config", cfg);
            o.add("registered_name", JsonNull.INSTANCE);
            if (build != null) {
                JsonObject b = new JsonObject();
                b.add("input_shape", build);
                o.add("build_config", b);
            }
            layers.add(o);
        }
        JsonObject config = new JsonObject();
        config.addProperty("name", "sequential");
        config.addProperty("trainable", true);
        config.add("layers", layers);
        JsonObject model0 = new JsonObject();
        model0.addProperty("module", "keras");
        model0.addProperty("class_name", "Sequential");
        model0.add("config", config);
        model0.add("registered_name", JsonNull.INSTANCE);
        JsonObject build = new JsonObject();
        JsonArray input = new JsonArray();
        input.add(JsonNull.INSTANCE);
        input.add(28);
        input.add(28);
        input.add(1);
        build.add("input_shape", input);
        model0.add("build_config", build);
        return model0;
    }

    /**
     * The weights file. Keras also writes an empty root {@code vars} group for the Sequential
     * itself; it is left out: Keras reads its absence as empty, and jhdf 0.13 cannot read back a
     * file it wrote with a second group at the root.
     */
    private static void writeWeights(KerasModel model, Path file) throws IOException {
        try (WritableHdfFile h5 = HdfFile.write(file)) {
            WritableGroup layers = h5.putGroup("layers");
            for (Layer l : model.layers()) {
                if (l.type().equals("InputLayer")) {
                    continue; // Keras tracks no state for it
                }
                WritableGroup vars = layers.putGroup(l.name()).putGroup("vars");
                vars.putAttribute("name", l.name());
                for (int i = 0; i < l.vars().size(); i++) {
                    Tensor t = l.vars().get(i);
                    vars.putDataset(String.valueOf(i), nest(t.data(), t.shape()));
                }
            }
        } catch (RuntimeException e) {
            throw new IOException("cannot write the weights (" + e.getMessage() + ")", e);
        }
    }

    /** jhdf takes a dataset's shape from a nested Java array. */
    private static Object nest(float[] flat, int[] shape) {
        if (shape.length <= 1) {
            return flat.clone();
        }
        Object out = Array.newInstance(float.class, shape);
        fill(out, flat, shape, 0, 0);
        return out;
    }

    private static int fill(Object array, float[] flat, int[] shape, int dim, int pos) {
        if (dim == shape.length - 1) {
            System.arraycopy(flat, pos, array, 0, shape[dim]);
            return pos + shape[dim];
        }
        for (int i = 0; i < shape[dim]; i++) {
            pos = fill(Array.get(array, i), flat, shape, dim + 1, pos);
        }
        return pos;
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }
}
