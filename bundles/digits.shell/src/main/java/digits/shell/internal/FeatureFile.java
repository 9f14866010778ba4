package digits.shell.internal;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of an OSGi R8 feature file that installing it at runtime needs: its bundles' ids and
 * start orders, and whether it also wants jars on the framework's class path (which only a
 * launch can do).
 *
 * <p>The launcher reads features with Apache Felix's Feature Service implementation, but that
 * lives on its boot class path, outside the framework; so this reads the plain JSON itself, with
 * Gson, the product's one JSON library (strict: a feature file is not JavaScript).
 *
 * @param id               the feature's id, e.g. {@code digits:digits-extras:0.1.0}
 * @param bundles          its bundles in file order
 * @param classpathNeeded  whether it has the {@code digits-classpath} extension
 */
record FeatureFile(String id, List<FeatureFile.Entry> bundles, boolean classpathNeeded) {

    private static final Gson STRICT = new GsonBuilder().setStrictness(Strictness.STRICT).create();

    /** One bundle: its artifact id ({@code group:artifact[:type[:classifier]]:version}) and start order. */
    record Entry(String id, int startOrder) {}

    static FeatureFile read(Path file) throws IOException {
        JsonElement root;
        try {
            root = STRICT.fromJson(Files.readString(file), JsonElement.class);
        } catch (JsonParseException e) {
            throw new IOException(file + " is not valid JSON: " + where(e), e);
        }
        if (root == null || !root.isJsonObject()) {
            throw new IOException(file + ": a feature is a JSON object");
        }
        JsonObject feature = root.getAsJsonObject();
        List<Entry> bundles = new ArrayList<>();
        if (feature.get("bundles") instanceof com.google.gson.JsonArray list) {
            for (JsonElement b : list) {
                if (isString(b)) {
                    bundles.add(new Entry(b.getAsString(), 10));
                } else if (b.isJsonObject() && isString(b.getAsJsonObject().get("id"))) {
                    JsonElement order = b.getAsJsonObject().get("start-order");
                    bundles.add(new Entry(b.getAsJsonObject().get("id").getAsString(),
                            order != null && order.isJsonPrimitive() && order.getAsJsonPrimitive().isNumber() ? order.getAsInt() : 10));
                } else {
                    throw new IOException(file + ": a bundle without an id: " + b);
                }
            }
        }
        boolean classpath = feature.get("extensions") instanceof JsonObject ext && ext.has("digits-classpath");
        return new FeatureFile(isString(feature.get("id")) ? feature.get("id").getAsString() : file.getFileName().toString(),
                List.copyOf(bundles), classpath);
    }

    /** Gson's first line, without its hint to be lenient: what went wrong, and where. */
    private static String where(JsonParseException e) {
        Throwable t = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause() : e;
        return t.getMessage().lines().findFirst().orElse("")
                .replace("Use JsonReader.setStrictness(Strictness.STRICT) to accept malformed JSON", "malformed JSON");
    }

    private static boolean isString(JsonElement e) {
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString();
    }

    /** The jar of an artifact id in Maven's layout below the first root that has it. */
    static Path resolve(String id, List<Path> roots) throws IOException {
        String[] p = id.split(":");
        if (p.length < 3 || p.length > 5) {
            throw new IOException("'" + id + "' is not an artifact id (group:artifact[:type[:classifier]]:version)");
        }
        String group = p[0];
        String artifact = p[1];
        String version = p[p.length - 1];
        String type = p.length >= 4 ? p[2] : "jar";
        String classifier = p.length == 5 ? "-" + p[3] : "";
        String relative = group.replace('.', '/') + "/" + artifact + "/" + version + "/" + artifact + "-" + version
                + classifier + "." + type;
        for (Path root : roots) {
            Path jar = root.resolve(relative);
            if (Files.isRegularFile(jar)) {
                return jar;
            }
        }
        throw new IOException(id + " not found (looked in " + roots + "); build it first: mvn -q install -DskipTests");
    }
}
