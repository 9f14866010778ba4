package digits.runtime;

import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the workbench: reads the configuration and features, chooses the compute backend, builds
 * the framework's class loader (Felix, DL4J and the chosen ND4J backend) and hands over to
 * {@link Workbench} inside it. This class runs before that loader exists, so it must not touch
 * Felix or DL4J types.
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("digits: " + e.getMessage());
            System.err.print(Options.USAGE);
            System.err.println("Try 'digits --help'.");
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(Options.helpText());
            return;
        }
        if (options.version()) {
            System.out.println(version());
            return;
        }
        Logs.configure(options.verbose());
        LaunchPlan plan;
        try {
            plan = LaunchPlan.create(options);
        } catch (LaunchException e) {
            System.err.println("digits: " + e.getMessage());
            System.exit(1);
            return;
        }
        plan.backend().notes().forEach(n -> System.err.println("[digits] " + n));

        List<URL> urls = new ArrayList<>();
        urls.add(Main.class.getProtectionDomain().getCodeSource().getLocation());
        for (Path jar : plan.classpath()) {
            urls.add(toUrl(jar));
        }
        // The platform loader as parent: DL4J, Felix and this launcher's framework side share
        // one class space, separate from the boot classes above.
        URLClassLoader frameworkLoader = new URLClassLoader("digits-framework", urls.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader());
        Thread.currentThread().setContextClassLoader(frameworkLoader);
        try {
            Class<?> workbench = frameworkLoader.loadClass(Workbench.class.getName());
            Object code = workbench.getMethod("run", java.util.Map.class, List.class)
                    .invoke(null, plan.frameworkProperties(), plan.bundleSpecs());
            System.exit((Integer) code);
        } catch (InvocationTargetException e) {
            System.err.println("digits: the workbench failed: " + e.getCause() + " (details in " + Logs.file() + ")");
            e.getCause().printStackTrace(Logs.stream());
            System.exit(1);
        }
    }

    /** The release's version (from the launcher jar's manifest) and the Java runtime it runs on. */
    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return "digits " + (v == null ? "(unknown version)" : v) + "\nJava " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vendor") + ") in " + System.getProperty("java.home");
    }

    private static URL toUrl(Path p) {
        try {
            return p.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }
}
