package digits.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.util.tracker.ServiceTracker;

/**
 * A real workbench for a test: the launcher's own plan (features, class path, system packages),
 * started in this JVM. The API packages are shared with the test's class loader through the
 * system bundle, so a test can call services with their real types; everything else is as in
 * production.
 */
final class TestWorkbench implements AutoCloseable {

    private static final String WINDOW_PACKAGE = "digits.runtime.window";
    private static final String DRIVER_PACKAGE = WINDOW_PACKAGE + ".driver";

    /**
     * Packages the test itself uses; exported by the system bundle from the test class path. The
     * window driver's interface is the tests' own: its version is the driver bundle's import.
     */
    static final String SHARED = exported(List.of(digits.api.DatasetProvider.class, digits.preprocess.Augmenter.class),
            List.of("digits.api", "digits.api.engine", "digits.preprocess")) + "," + WINDOW_PACKAGE + ";version=1.0.0";

    final Framework framework;
    final Path plugins;

    private TestWorkbench(Framework framework, Path plugins) {
        this.framework = framework;
        this.plugins = plugins;
    }

    /**
     * The {@code packages}, at the versions the bundles holding {@code classes} export them (read
     * from their manifests), as a system-packages list: an API version bump needs no edit here.
     */
    static String exported(List<Class<?>> classes, List<String> packages) {
        Map<String, String> versions = new LinkedHashMap<>();
        for (Class<?> c : classes) {
            try {
                Path where = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
                java.util.jar.Manifest mf;
                if (Files.isDirectory(where)) {
                    try (var in = Files.newInputStream(where.resolve("META-INF/MANIFEST.MF"))) {
                        mf = new java.util.jar.Manifest(in);
                    }
                } else {
                    try (var jar = new java.util.jar.JarFile(where.toFile())) {
                        mf = jar.getManifest();
                    }
                }
                versions.putAll(SystemPackages.exportedVersions(mf.getMainAttributes().getValue("Export-Package")));
            } catch (Exception e) {
                throw new IllegalStateException("cannot read the exports of the bundle holding " + c.getName(), e);
            }
        }
        List<String> out = new ArrayList<>();
        for (String p : packages) {
            String v = versions.get(p);
            if (v == null || v.isEmpty()) {
                throw new IllegalStateException(p + " is exported with a version by none of " + classes + " (" + versions + ")");
            }
            out.add(p + ";version=" + v);
        }
        return String.join(",", out);
    }

    static Path home() {
        return Path.of("").toAbsolutePath().getParent();
    }

    static TestWorkbench start(boolean ui, String... extraFeatures) throws Exception {
        return start(ui, Map.of(), extraFeatures);
    }

    static TestWorkbench start(boolean ui, Map<String, String> extraProperties, String... extraFeatures)
            throws Exception {
        Path work = Files.createTempDirectory(Path.of("target"), "workbench-");
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        Options options = new Options(!ui, false, home(), null, Arrays.asList(extraFeatures), null, false);
        LaunchPlan plan = LaunchPlan.create(options);
        Map<String, String> props = new LinkedHashMap<>(plan.frameworkProperties());
        props.put("org.osgi.framework.storage", work.resolve("framework").toString());
        props.put("felix.fileinstall.dir", plugins.toString());
        props.put("org.osgi.framework.system.packages.extra",
                props.get("org.osgi.framework.system.packages.extra") + "," + SHARED);
        props.put("gosh.args", "--nointeractive --noshutdown");
        props.putAll(extraProperties);
        Framework framework = Workbench.start(props, plan.bundleSpecs());
        if (ui) {
            Bundle driver = framework.getBundleContext().installBundle(windowDriver(work).toUri().toString());
            driver.start();
        }
        return new TestWorkbench(framework, plugins);
    }

    /**
     * The window driver as a bundle, made from the test classes: it requires the framework's SWT
     * bundle, so it touches the window's own widget classes (the test class path has SWT's jar
     * too, but classes loaded there would be other classes), and publishes {@link
     * digits.runtime.window.WorkbenchWindow} through the package the system bundle exports.
     */
    private static Path windowDriver(Path work) throws Exception {
        Path classes = Path.of(TestWorkbench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path dir = classes.resolve(DRIVER_PACKAGE.replace('.', '/'));
        java.util.jar.Manifest mf = new java.util.jar.Manifest();
        java.util.jar.Attributes a = mf.getMainAttributes();
        a.put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
        a.putValue(Constants.BUNDLE_SYMBOLICNAME, DRIVER_PACKAGE);
        a.putValue(Constants.BUNDLE_VERSION, "1.0.0");
        a.putValue(Constants.BUNDLE_ACTIVATOR, DRIVER_PACKAGE + ".DriverActivator");
        a.putValue(Constants.REQUIRE_BUNDLE, "org.eclipse.swt");
        a.putValue(Constants.IMPORT_PACKAGE, WINDOW_PACKAGE + ";version=\"[1.0,2)\",org.osgi.framework");
        Path jar = work.resolve("window-driver.jar");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar), mf);
                var files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                out.putNextEntry(new java.util.jar.JarEntry(DRIVER_PACKAGE.replace('.', '/') + "/" + f.getFileName()));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    BundleContext context() {
        return framework.getBundleContext();
    }

    /** Waits for a service, failing after the timeout. */
    <T> T service(Class<T> type, Duration timeout) throws InterruptedException {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context(), type, null);
        tracker.open();
        T s = tracker.waitForService(timeout.toMillis());
        if (s == null) {
            throw new AssertionError("no " + type.getSimpleName() + " service within " + timeout
                    + "; bundles: " + bundleStates() + "; problems: " + Workbench.problems());
        }
        return s;
    }

    /** Bundles that are not fragments and not ACTIVE. */
    List<String> inactiveBundles() {
        List<String> out = new ArrayList<>();
        for (Bundle b : context().getBundles()) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null && b.getState() != Bundle.ACTIVE) {
                out.add(b.getSymbolicName() + " " + b.getState());
            }
        }
        return out;
    }

    String bundleStates() {
        StringBuilder sb = new StringBuilder();
        for (Bundle b : context().getBundles()) {
            sb.append(b.getSymbolicName()).append('=').append(b.getState()).append(' ');
        }
        return sb.toString();
    }

    /**
     * Each Declarative Services component's name and state (4 satisfied, 8 active; anything less
     * is unsatisfied, 16 failed), read through SCR's runtime service. Reflection because the
     * component DTO types live in a bundle, not on the test's class path.
     */
    Map<String, Integer> componentStates() throws Exception {
        Object scr = service(Class.forName("java.lang.Object"), "org.osgi.service.component.runtime.ServiceComponentRuntime");
        Map<String, Integer> states = new LinkedHashMap<>();
        Object descriptions = scr.getClass().getMethod("getComponentDescriptionDTOs", Bundle[].class)
                .invoke(scr, (Object) new Bundle[0]);
        for (Object d : (Iterable<?>) descriptions) {
            String name = (String) d.getClass().getField("name").get(d);
            Object configs = scr.getClass().getMethod("getComponentConfigurationDTOs", d.getClass()).invoke(scr, d);
            int state = 0;
            for (Object c : (Iterable<?>) configs) {
                state = Math.max(state, c.getClass().getField("state").getInt(c));
            }
            states.put(name, state);
        }
        return states;
    }

    private Object service(Class<?> ignored, String className) throws Exception {
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(context(),
                context().createFilter("(objectClass=" + className + ")"), null);
        tracker.open(true); // the test's class path has its own copy of that type
        Object s = tracker.waitForService(Duration.ofSeconds(30).toMillis());
        if (s == null) {
            throw new AssertionError("no " + className);
        }
        return s;
    }

    /**
     * Runs a Gogo command as a user would type it and returns what it printed and returned.
     * Reflection because Gogo's types live in its bundle.
     */
    String command(String line) throws Exception {
        Object processor = service(Object.class, "org.apache.felix.service.command.CommandProcessor");
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = new java.io.PrintStream(buffer, true);
        Object session = processor.getClass().getMethod("createSession", java.io.InputStream.class,
                java.io.OutputStream.class, java.io.OutputStream.class)
                .invoke(processor, new java.io.ByteArrayInputStream(new byte[0]), out, out);
        try {
            Object result = session.getClass().getMethod("execute", CharSequence.class).invoke(session, line);
            return buffer + (result == null ? "" : String.valueOf(result));
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new AssertionError(line + " failed: " + e.getCause() + "\n" + buffer, e.getCause());
        }
    }

    @Override
    public void close() throws Exception {
        framework.stop();
        framework.waitForStop(Duration.ofSeconds(60).toMillis());
    }
}
