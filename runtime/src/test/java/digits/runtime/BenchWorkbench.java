package digits.runtime;

import digits.api.DatasetProvider;
import digits.api.Preprocessor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.util.tracker.ServiceTracker;

/** The headless workbench for the benchmarks: the launcher's own plan, started in this JVM. */
public final class BenchWorkbench implements AutoCloseable {

    private final Framework framework;

    private BenchWorkbench(Framework framework) {
        this.framework = framework;
    }

    /** The headless workbench with digits-web listening on {@code webPort} of the loopback interface. */
    public static BenchWorkbench start(Path home, Path models, int webPort) throws Exception {
        Options options = new Options(true, false, home, null, List.of("digits-web"), null, false);
        LaunchPlan plan = LaunchPlan.create(options);
        Map<String, String> props = new LinkedHashMap<>(plan.frameworkProperties());
        props.put("org.osgi.framework.storage", Files.createTempDirectory("digits-bench").toString());
        props.put("org.osgi.framework.system.packages.extra",
                props.get("org.osgi.framework.system.packages.extra") + "," + TestWorkbench.SHARED);
        props.put("gosh.args", "--nointeractive --noshutdown");
        props.put("digits.models", models.toString());
        props.put("digits.web.port", String.valueOf(webPort));
        return new BenchWorkbench(Workbench.start(props, plan.bundleSpecs()));
    }

    public <T> T service(Class<T> type) throws InterruptedException {
        ServiceTracker<T, T> t = new ServiceTracker<>(framework.getBundleContext(), type, null);
        t.open();
        T s = t.waitForService(120_000);
        if (s == null) {
            throw new IllegalStateException("no " + type.getName());
        }
        return s;
    }

    public DatasetProvider dataset(String id) throws Exception {
        service(DatasetProvider.class);
        for (ServiceReference<DatasetProvider> r : framework.getBundleContext().getServiceReferences(DatasetProvider.class, null)) {
            DatasetProvider d = framework.getBundleContext().getService(r);
            if (d.id().equals(id)) {
                return d;
            }
        }
        throw new IllegalStateException("no dataset " + id);
    }

    public Preprocessor preprocessor(String id) throws Exception {
        service(Preprocessor.class);
        for (ServiceReference<Preprocessor> r : framework.getBundleContext().getServiceReferences(Preprocessor.class, null)) {
            Preprocessor p = framework.getBundleContext().getService(r);
            if (p.id().equals(id)) {
                return p;
            }
        }
        throw new IllegalStateException("no preprocessor " + id);
    }

    @Override
    public void close() throws Exception {
        framework.stop();
        framework.waitForStop(60_000);
    }
}
