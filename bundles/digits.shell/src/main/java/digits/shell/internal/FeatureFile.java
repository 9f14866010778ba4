package digits.shell.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of an OSGi R8 feature file that installing it at runtime needs: its bundles' ids and
 * start orders, and whether it also wants jars on the framework's class path (which only a
 * launch can do).
 *
 * <p>The launcher reads features with Apache Felix's Feature Service implementation, but that
 * lives on its boot class path, outside the framework; so this reads the plain JSON itself.
 *
 * @param id               the feature's id, e.g. {@code digits:digits-extras:0.1.0}
 * @param bundles          its bundles in file order
 * @param classpathNeeded  whether it has the {@code digits-classpath} extension
 */
record FeatureFile(String id, List<FeatureFile.Entry> bundles, boolean classpathNeeded) {

    /** One bundle: its artifact id ({@code group:artifact[:type[:classifier]]:version}) and start order. */
    record Entry(String id, int startOrder) {}

    static FeatureFile read(Path file) throws IOException {
        Object root;
        try {
            root = new Parser(Files.readString(file)).document();
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> feature)) {
            throw new IOException(file + ": a feature is a JSON object");
        }
        List<Entry> bundles = new ArrayList<>();
        if (feature.get("bundles") instanceof List<?> list) {
            for (Object b : list) {
                if (b instanceof String s) {
                    bundles.add(new Entry(s, 10));
                } else if (b instanceof Map<?, ?> m && m.get("id") instanceof String s) {
                    bundles.add(new Entry(s, m.get("start-order") instanceof Number n ? n.intValue() : 10));
                } else {
                    throw new IOException(file + ": a bundle without an id: " + b);
                }
            }
        }
        boolean classpath = feature.get("extensions") instanceof Map<?, ?> ext && ext.containsKey("digits-classpath");
        return new FeatureFile(feature.get("id") instanceof String s ? s : file.getFileName().toString(),
                List.copyOf(bundles), classpath);
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

    /** A small strict JSON reader: objects, arrays, strings, numbers, true, false, null. */
    private static final class Parser {
        private final String s;
        private int i;

        Parser(String s) {
            this.s = s;
        }

        Object document() {
            Object v = value();
            space();
            if (i < s.length()) {
                throw error("text after the end");
            }
            return v;
        }

        private Object value() {
            space();
            if (i >= s.length()) {
                throw error("unexpected end");
            }
            char c = s.charAt(i);
            switch (c) {
                case '{':
                    return object();
                case '[':
                    return array();
                case '"':
                    return string();
                default:
                    if (s.startsWith("true", i)) {
                        i += 4;
                        return Boolean.TRUE;
                    }
                    if (s.startsWith("false", i)) {
                        i += 5;
                        return Boolean.FALSE;
                    }
                    if (s.startsWith("null", i)) {
                        i += 4;
                        return null;
                    }
                    return number();
            }
        }

        private Map<String, Object> object() {
            Map<String, Object> m = new LinkedHashMap<>();
            i++;
            space();
            if (peek() == '}') {
                i++;
                return m;
            }
            while (true) {
                space();
                if (peek() != '"') {
                    throw error("expected a member name");
                }
                String key = string();
                space();
                expect(':');
                m.put(key, value());
                space();
                if (peek() == ',') {
                    i++;
                } else {
                    expect('}');
                    return m;
                }
            }
        }

        private List<Object> array() {
            List<Object> a = new ArrayList<>();
            i++;
            space();
            if (peek() == ']') {
                i++;
                return a;
            }
            while (true) {
                a.add(value());
                space();
                if (peek() == ',') {
                    i++;
                } else {
                    expect(']');
                    return a;
                }
            }
        }

        private String string() {
            StringBuilder b = new StringBuilder();
            i++;
            while (true) {
                if (i >= s.length()) {
                    throw error("unterminated string");
                }
                char c = s.charAt(i++);
                if (c == '"') {
                    return b.toString();
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                if (i >= s.length()) {
                    throw error("unterminated string");
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> {
                        if (i + 4 > s.length()) {
                            throw error("bad \\u escape");
                        }
                        b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> b.append(e); // \" \\ \/
                }
            }
        }

        private Number number() {
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            String n = s.substring(start, i);
            try {
                return n.matches("-?\\d+") ? (Number) Long.valueOf(n) : (Number) Double.valueOf(n);
            } catch (NumberFormatException e) {
                throw error("unexpected '" + (n.isEmpty() ? String.valueOf(s.charAt(start)) : n) + "'");
            }
        }

        private void space() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private char peek() {
            return i < s.length() ? s.charAt(i) : '\0';
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            i++;
        }

        private IllegalArgumentException error(String what) {
            int line = 1;
            for (int k = 0; k < Math.min(i, s.length()); k++) {
                if (s.charAt(k) == '\n') {
                    line++;
                }
            }
            return new IllegalArgumentException(what + " at line " + line);
        }
    }
}
