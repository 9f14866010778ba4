package digits.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.DatasetProvider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.osgi.framework.Bundle;
import org.osgi.util.tracker.ServiceTracker;

/** What the Extras*IT tests share: the extra bundles' jars, the shell, waiting. */
final class ExtrasFixtures {

    private static final String PROCESSOR = "org.apache.felix.service.command.CommandProcessor";

    private ExtrasFixtures() {}

    /** An extra bundle's jar where the build put it for the launcher: runtime/target/repository. */
    static Path jar(String name) {
        Path jar = TestWorkbench.home().resolve("runtime/target/repository/digits/" + name + "/0.1.0/" + name + "-0.1.0.jar");
        assertTrue(Files.isRegularFile(jar), jar + " is missing; build bundles/extras and runtime first");
        return jar;
    }

    /** Copies a jar into the plugins folder so that it appears whole, as a user's copy would. */
    static Path dropIntoPlugins(TestWorkbench workbench, Path jar) throws Exception {
        Path target = workbench.plugins.resolve(jar.getFileName());
        Path tmp = workbench.plugins.resolveSibling(jar.getFileName() + ".tmp");
        Files.copy(jar, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    /** A bundle that imports a package nobody exports, so it can never resolve. */
    static Path brokenJar(Path dir) throws Exception {
        Path jar = dir.resolve("broken.jar");
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "broken.example");
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Import-Package", "no.such.package;version=\"[1,2)\"");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, mf)) {
            j.flush();
        }
        return jar;
    }

    /**
     * Runs a Gogo command as a user would type it and returns its result as text. Gogo's types
     * live in its bundle, not on the test's class path, hence reflection (as in CommandRunner).
     *
     * @throws CommandFailed if the command throws; its message is the command's
     */
    static String command(TestWorkbench workbench, String line) throws Exception {
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(workbench.context(),
                workbench.context().createFilter("(objectClass=" + PROCESSOR + ")"), null);
        tracker.open(true);
        Object processor = tracker.waitForService(Duration.ofSeconds(60).toMillis());
        assertTrue(processor != null, "no Gogo command processor");
        Method create = processor.getClass().getMethod("createSession", java.io.InputStream.class,
                OutputStream.class, OutputStream.class);
        Object session = create.invoke(processor, new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                new ByteArrayOutputStream());
        Method execute = session.getClass().getMethod("execute", CharSequence.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try {
            while (true) {
                try {
                    return String.valueOf(execute.invoke(session, line));
                } catch (InvocationTargetException e) {
                    Throwable cause = e.getCause();
                    // the shell's components may still be activating
                    if (cause.getClass().getSimpleName().equals("CommandNotFoundException") && System.nanoTime() < deadline) {
                        Thread.sleep(200);
                        continue;
                    }
                    throw new CommandFailed(cause);
                }
            }
        } finally {
            session.getClass().getMethod("close").invoke(session);
            tracker.close();
        }
    }

    /** A command ended with an exception. */
    static final class CommandFailed extends Exception {
        private static final long serialVersionUID = 1L;

        CommandFailed(Throwable cause) {
            super(cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
        }
    }

    /** Waits until the condition holds, failing with the message after the timeout. */
    static void waitUntil(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what + " (waited " + timeout.toSeconds() + " s)");
            Thread.sleep(50);
        }
    }

    /** The MNIST dataset service (others, such as the user's drawings, are DatasetProviders too). */
    static DatasetProvider mnist(TestWorkbench workbench) throws Exception {
        ServiceTracker<DatasetProvider, DatasetProvider> tracker = new ServiceTracker<>(workbench.context(),
                workbench.context().createFilter("(&(objectClass=" + DatasetProvider.class.getName() + ")(dataset.id=mnist))"),
                null);
        tracker.open();
        DatasetProvider d = tracker.waitForService(Duration.ofSeconds(60).toMillis());
        assertTrue(d != null, "no mnist dataset service");
        return d;
    }

    /** The installed bundle of that symbolic name, or null. */
    static Bundle bundle(TestWorkbench workbench, String symbolicName) {
        for (Bundle b : workbench.context().getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }
}
