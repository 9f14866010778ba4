package digits.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Computes what the system bundle exports from the framework's class path (design A): every
 * package of every jar, so bundles import DL4J and ND4J like any other package. Jars that are
 * bundles already (slf4j, say) keep the versions their manifest declares; plain jars export
 * their packages unversioned. Felix's own jar is skipped (the framework exports its packages).
 */
final class SystemPackages {

    private SystemPackages() {}

    static String exportsOf(List<Path> jars) throws LaunchException {
        Map<String, String> packages = new TreeMap<>();
        for (Path jar : jars) {
            String name = jar.getFileName().toString();
            if (name.startsWith("org.apache.felix.framework")) {
                continue;
            }
            try (JarFile jf = new JarFile(jar.toFile())) {
                Manifest mf = jf.getManifest();
                String exports = mf == null ? null : mf.getMainAttributes().getValue("Export-Package");
                if (exports != null) {
                    exportedVersions(exports).forEach((pkg, v) -> packages.putIfAbsent(pkg, v.isEmpty() ? "" : ";version=" + v));
                }
                for (Enumeration<JarEntry> e = jf.entries(); e.hasMoreElements();) {
                    String entry = e.nextElement().getName();
                    int slash = entry.lastIndexOf('/');
                    if (entry.endsWith(".class") && slash > 0 && !entry.startsWith("META-INF/")) {
                        packages.putIfAbsent(entry.substring(0, slash).replace('/', '.'), "");
                    }
                }
            } catch (IOException e) {
                throw new LaunchException("cannot read " + jar + ": " + e.getMessage(), e);
            }
        }
        StringBuilder sb = new StringBuilder();
        packages.forEach((p, v) -> {
            if (p.startsWith("org.osgi.") || p.startsWith("java.")) {
                return;
            }
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(p).append(v);
        });
        return sb.toString();
    }

    /** Each package an Export-Package header names, with its version ("" when it has none). */
    static Map<String, String> exportedVersions(String header) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String clause : clauses(header)) {
            String[] parts = clause.split(";");
            String version = "";
            for (String part : parts) {
                String p = part.trim();
                if (p.startsWith("version=")) {
                    version = p.substring("version=".length()).replace("\"", "");
                }
            }
            for (String part : parts) {
                String p = part.trim();
                if (!p.contains("=") && !p.isEmpty()) {
                    out.putIfAbsent(p, version);
                }
            }
        }
        return out;
    }

    /** Splits a manifest header at the commas that are not inside quotes. */
    static List<String> clauses(String header) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char c : header.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }
}
