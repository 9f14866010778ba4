package digits.shell.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@code digits:install} and {@code digits:uninstall}: add bundles to the running workbench
 * from a jar or a feature, and take them away again. A bundle that cannot be installed,
 * resolved or started is reported with the framework's reason and removed again, so it leaves
 * nothing behind and a fixed jar can simply be installed anew; the others are not touched.
 */
@Component(service = Object.class, property = {
    "osgi.command.scope=digits",
    "osgi.command.function=install",
    "osgi.command.function=uninstall" })
public final class BundleCommands {

    private static final long REFRESH_SECONDS = 30;

    private final BundleContext context;

    @Activate
    public BundleCommands(BundleContext context) {
        this.context = context;
    }

    @Descriptor("install and start a bundle (a jar file), or every bundle of a feature (features/NAME.json, e.g. digits-extras)")
    public String install(@Descriptor("a jar file, a feature name, or a feature file") String what) throws IOException {
        Path file = Path.of(what);
        if (Files.isRegularFile(file) && what.endsWith(".json")) {
            return installFeature(file);
        }
        if (Files.isRegularFile(file)) {
            return installAll(List.of(new Item(file.toAbsolutePath().normalize(), 10)));
        }
        Path feature = home().resolve("features").resolve(what + ".json");
        if (!what.contains("/") && Files.isRegularFile(feature)) {
            return installFeature(feature);
        }
        throw new IllegalArgumentException("no file and no feature named '" + what + "'; features: " + features());
    }

    @Descriptor("stop and uninstall a bundle (digits:bundles lists them)")
    public String uninstall(@Descriptor("its symbolic name or bundle id") String which) {
        List<Bundle> targets = new ArrayList<>();
        if (which.matches("\\d+")) {
            Bundle b = context.getBundle(Long.parseLong(which));
            if (b != null) {
                targets.add(b);
            }
        } else {
            for (Bundle b : context.getBundles()) {
                if (which.equals(b.getSymbolicName())) {
                    targets.add(b);
                }
            }
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no bundle '" + which + "' is installed (digits:bundles lists them)");
        }
        if (targets.stream().anyMatch(b -> b.getBundleId() == 0)) {
            throw new IllegalArgumentException("bundle 0 is the framework itself; stop 0 ends the workbench");
        }
        StringBuilder out = new StringBuilder();
        List<Bundle> removed = new ArrayList<>();
        for (Bundle b : targets) {
            String name = describe(b);
            try {
                b.uninstall();
                removed.add(b);
                out.append("uninstalled ").append(name).append('\n');
                if (fromPlugins(b)) {
                    out.append("  note: its jar is still in the plugins folder, which installs it again at the next start;"
                            + " delete it there to remove it for good\n");
                }
            } catch (BundleException | IllegalStateException e) {
                out.append("cannot uninstall ").append(name).append(": ").append(reason(e)).append('\n');
            }
        }
        refresh(removed);
        return out.toString().stripTrailing();
    }

    private String installFeature(Path file) throws IOException {
        FeatureFile feature = FeatureFile.read(file);
        if (feature.classpathNeeded()) {
            throw new IllegalArgumentException("feature " + feature.id() + " puts jars on the framework's class path,"
                    + " which only a launch can do: start the workbench with --feature "
                    + file.getFileName().toString().replaceFirst("\\.json$", ""));
        }
        // The launcher's repository (a checkout's build output, a release's lib/repository).
        String repository = context.getProperty("digits.repository");
        List<Path> roots = List.of(repository != null ? Path.of(repository) : home().resolve("runtime/target/repository"),
                Path.of(System.getProperty("user.home"), ".m2", "repository"));
        List<Item> items = new ArrayList<>();
        for (FeatureFile.Entry e : feature.bundles()) {
            items.add(new Item(FeatureFile.resolve(e.id(), roots), e.startOrder()));
        }
        return "feature " + feature.id() + ":\n" + installAll(items);
    }

    /** A jar to install and its start order. */
    private record Item(Path jar, int startOrder) {}

    /** Installs them all, then starts them in start order; whatever fails is reported and rolled back. */
    private String installAll(List<Item> items) {
        StringBuilder out = new StringBuilder();
        List<Bundle> fresh = new ArrayList<>();
        List<Bundle> toStart = new ArrayList<>();
        List<Item> order = items.stream().sorted(Comparator.comparingInt(Item::startOrder)).toList();
        for (Item item : order) {
            String location = item.jar().toUri().toString();
            Bundle existing = context.getBundle(location);
            if (existing != null) {
                out.append(existing.getState() == Bundle.ACTIVE ? "already active: " : "already installed: ")
                        .append(describe(existing)).append('\n');
                toStart.add(existing);
                continue;
            }
            try {
                Bundle b = context.installBundle(location);
                fresh.add(b);
                toStart.add(b);
            } catch (BundleException | SecurityException | IllegalStateException e) {
                out.append("FAILED ").append(item.jar()).append(": cannot install: ").append(reason(e)).append('\n');
            }
        }
        List<Bundle> rolledBack = new ArrayList<>();
        for (Bundle b : toStart) {
            if (b.getState() == Bundle.ACTIVE || b.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
                if (fresh.contains(b)) {
                    out.append("installed ").append(describe(b)).append('\n');
                }
                continue;
            }
            try {
                b.start();
                out.append(fresh.contains(b) ? "installed and started " : "started ").append(describe(b)).append('\n');
            } catch (BundleException | IllegalStateException | SecurityException e) {
                out.append("FAILED ").append(describe(b)).append(": ").append(reason(e));
                if (fresh.contains(b)) {
                    try {
                        b.uninstall();
                        rolledBack.add(b);
                        out.append("; uninstalled again");
                    } catch (BundleException | IllegalStateException u) {
                        out.append("; could not uninstall it: ").append(reason(u));
                    }
                }
                out.append('\n');
            }
        }
        refresh(rolledBack);
        return out.toString().stripTrailing();
    }

    /** Lets the framework drop what the uninstalled bundles left wired, and waits for it. */
    private void refresh(List<Bundle> bundles) {
        if (bundles.isEmpty()) {
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class).refreshBundles(bundles, e -> {
            if (e.getType() == FrameworkEvent.PACKAGES_REFRESHED || e.getType() == FrameworkEvent.ERROR) {
                done.countDown();
            }
        });
        try {
            done.await(REFRESH_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String describe(Bundle b) {
        return b.getSymbolicName() + " " + b.getVersion() + " (bundle " + b.getBundleId() + ")";
    }

    /** The framework's message, and its cause's where it adds something (an activator's exception). */
    private static String reason(Exception e) {
        String why = String.valueOf(e.getMessage());
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !why.contains(cause.getMessage())) {
            why += ": " + cause;
        }
        return why;
    }

    private boolean fromPlugins(Bundle b) {
        String dir = context.getProperty("felix.fileinstall.dir");
        return dir != null && b.getLocation().contains(Path.of(dir).toUri().getPath());
    }

    private Path home() {
        String home = context.getProperty("digits.home");
        return home == null ? Path.of("").toAbsolutePath() : Path.of(home);
    }

    private String features() {
        try (Stream<Path> files = Files.list(home().resolve("features"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList().toString();
        } catch (IOException e) {
            return "none (" + home().resolve("features") + " cannot be read)";
        }
    }
}
