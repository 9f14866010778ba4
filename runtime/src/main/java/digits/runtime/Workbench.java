package digits.runtime;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * The framework side of the launcher: starts Felix, installs the bundles the features name, and
 * reports every bundle that cannot start, with its reason, without stopping the others.
 */
public final class Workbench {

    private static final List<String> PROBLEMS = new CopyOnWriteArrayList<>();

    private Workbench() {}

    /** Called by {@link Main} inside the framework's class loader; returns the exit code. */
    public static int run(Map<String, String> properties, List<String> bundleSpecs) throws Exception {
        Framework framework = start(properties, bundleSpecs);
        try {
            return runUntilStopped(framework, properties);
        } finally {
            deleteCache(Path.of(properties.get("org.osgi.framework.storage")));
        }
    }

    private static int runUntilStopped(Framework framework, Map<String, String> properties) throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                if ((framework.getState() & (Bundle.ACTIVE | Bundle.STARTING)) != 0) {
                    framework.stop();
                    framework.waitForStop(30_000);
                }
            } catch (Exception e) {
                // the JVM is going down anyway
            }
        }, "digits-shutdown"));
        String command = properties.get("digits.command");
        if (command != null) {
            int code = CommandRunner.run(framework.getBundleContext(), command);
            framework.stop();
            framework.waitForStop(60_000);
            return code;
        }
        FrameworkEvent event = framework.waitForStop(0);
        return event.getType() == FrameworkEvent.ERROR ? 1 : 0;
    }

    /** Starts the framework with the given bundles ({@code startOrder|path}) and returns it running. */
    public static Framework start(Map<String, String> properties, List<String> bundleSpecs) throws Exception {
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class, Workbench.class.getClassLoader())
                .findFirst().orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path"));
        Framework framework = factory.newFramework(properties);
        framework.init();
        BundleContext context = framework.getBundleContext();
        context.addFrameworkListener(e -> {
            if (e.getType() == FrameworkEvent.ERROR) {
                report(e.getBundle(), e.getThrowable());
            }
        });
        String plugins = properties.getOrDefault("felix.fileinstall.dir", "");
        context.addBundleListener(e -> {
            // FileInstall logs start failures only at its own log level; say it plainly too.
            if (e.getType() == BundleEvent.INSTALLED && e.getBundle().getLocation().contains(new File(plugins).toURI().getPath())) {
                checkLater(context, e.getBundle());
            }
        });
        int maxLevel = 1;
        List<Bundle> installed = new ArrayList<>();
        for (String spec : bundleSpecs) {
            int bar = spec.indexOf('|');
            int level = Integer.parseInt(spec.substring(0, bar));
            Path jar = Path.of(spec.substring(bar + 1));
            Bundle b = context.installBundle(jar.toUri().toString());
            b.adapt(BundleStartLevel.class).setStartLevel(level);
            maxLevel = Math.max(maxLevel, level);
            installed.add(b);
        }
        // Mark every bundle for starting, then let the framework climb the start levels: the
        // start-level thread starts them in order, and a failure is reported, not fatal.
        for (Bundle b : installed) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                b.start(Bundle.START_ACTIVATION_POLICY);
            }
        }
        framework.start();
        CountDownLatch started = new CountDownLatch(1);
        framework.adapt(FrameworkStartLevel.class).setStartLevel(Math.max(maxLevel, 10), ev -> started.countDown());
        started.await(5, TimeUnit.MINUTES);
        return framework;
    }

    /** The bundle cache is rebuilt at every launch; leave nothing behind. */
    private static void deleteCache(Path storage) {
        try (var files = java.nio.file.Files.walk(storage)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            // a leftover cache is harmless: the next launch with this pid cleans it
        }
    }

    /** Problems reported so far, one line each (bundle and reason). */
    public static List<String> problems() {
        return List.copyOf(PROBLEMS);
    }

    private static void checkLater(BundleContext context, Bundle bundle) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(1500); // FileInstall starts the bundle right after installing it
                if (bundle.getState() == Bundle.INSTALLED && bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                    FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
                    if (!wiring.resolveBundles(List.of(bundle))) {
                        try {
                            bundle.start(Bundle.START_TRANSIENT); // fails, and says why
                        } catch (BundleException e) {
                            report(bundle, e);
                        }
                    }
                }
            } catch (InterruptedException | IllegalStateException e) {
                // framework stopping, or the bundle went away
            }
        }, "digits-bundle-check");
        t.setDaemon(true);
        t.start();
    }

    static void report(Bundle bundle, Throwable problem) {
        String who = bundle == null ? "framework" : bundle.getSymbolicName() + " (" + bundle.getLocation() + ")";
        String why = problem == null ? "unknown reason" : problem.getMessage();
        Throwable cause = problem == null ? null : problem.getCause();
        if (cause != null && cause.getMessage() != null && !why.contains(cause.getMessage())) {
            why += ": " + cause.getMessage();
        }
        String line = "bundle " + who + " cannot start: " + why;
        if (problem != null && !(problem instanceof BundleException) && cause != null) {
            cause.printStackTrace(Logs.stream()); // an unexpected failure inside a bundle: log where
        }
        PROBLEMS.add(line);
        System.err.println("[digits] " + line);
    }
}
