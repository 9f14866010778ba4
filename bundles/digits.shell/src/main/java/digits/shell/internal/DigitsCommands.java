package digits.shell.internal;

import digits.api.ComputeBackend;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The workbench's Gogo commands, scope {@code digits}. */
@Component(service = Object.class, property = {
    "osgi.command.scope=digits",
    "osgi.command.function=backend",
    "osgi.command.function=bundles" })
public final class DigitsCommands {

    private final ComputeBackend backend;
    private final BundleContext context;

    @Activate
    public DigitsCommands(@Reference ComputeBackend backend, BundleContext context) {
        this.backend = backend;
        this.context = context;
    }

    @Descriptor("show the compute backend (CPU or CUDA), its device, threads and off-heap limit")
    public String backend() {
        return "backend: " + backend.info().summary();
    }

    @Descriptor("list the installed bundles and their states")
    public String bundles() {
        StringBuilder out = new StringBuilder();
        for (Bundle b : context.getBundles()) {
            out.append(String.format("%3d %-10s %s %s%n", b.getBundleId(), state(b.getState()), b.getSymbolicName(),
                    b.getVersion()));
        }
        return out.toString();
    }

    static String state(int state) {
        return switch (state) {
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            default -> "UNINSTALLED";
        };
    }
}
