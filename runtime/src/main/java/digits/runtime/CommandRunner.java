package digits.runtime;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Runs one Gogo command for {@code ./digits COMMAND ...}: the same commands as the shell, for
 * scripts. Gogo's types live in its bundle, not on the launcher's class path, hence reflection.
 */
final class CommandRunner {

    private static final String PROCESSOR = "org.apache.felix.service.command.CommandProcessor";

    private CommandRunner() {}

    static int run(BundleContext context, String command) throws Exception {
        ServiceTracker<Object, Object> tracker =
                new ServiceTracker<>(context, context.createFilter("(objectClass=" + PROCESSOR + ")"), null);
        tracker.open(true);
        Object processor = tracker.waitForService(Duration.ofSeconds(60).toMillis());
        if (processor == null) {
            System.err.println("digits: the Gogo shell did not start; cannot run " + command);
            return 1;
        }
        Method create = processor.getClass().getMethod("createSession", java.io.InputStream.class,
                java.io.OutputStream.class, java.io.OutputStream.class);
        // The process's own streams: by now System.out is Gogo's per-thread redirector, and a
        // session writing into it would loop back into itself.
        java.io.PrintStream out = new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true);
        java.io.PrintStream err = new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true);
        Object session = create.invoke(processor, System.in, out, err);
        Method execute = session.getClass().getMethod("execute", CharSequence.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                Object result = execute.invoke(session, command);
                if (result != null) {
                    out.println(result);
                }
                return 0;
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                // The command's bundle may still be activating its components.
                boolean notYet = cause.getClass().getSimpleName().equals("CommandNotFoundException");
                if (notYet && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                    continue;
                }
                err.println("digits: " + command.split(" ")[0] + ": " + cause.getMessage());
                return 1;
            }
        }
    }
}
