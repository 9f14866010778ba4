package digits.runtime;

import java.io.InputStream;
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
    /** Exit status when the work failed (an image not read, a model not found on disk). */
    static final int FAILURE = 1;
    /** Exit status for a usage error: unknown command or option, missing or bad arguments. */
    static final int USAGE_ERROR = 2;

    private CommandRunner() {}

    static int run(BundleContext context, String command) throws Exception {
        ServiceTracker<Object, Object> tracker =
                new ServiceTracker<>(context, context.createFilter("(objectClass=" + PROCESSOR + ")"), null);
        tracker.open(true);
        Object processor = tracker.waitForService(Duration.ofSeconds(60).toMillis());
        if (processor == null) {
            System.err.println("digits: the Gogo shell did not start; cannot run " + command);
            return FAILURE;
        }
        Method create = processor.getClass().getMethod("createSession", java.io.InputStream.class,
                java.io.OutputStream.class, java.io.OutputStream.class);
        // The process's own streams: by now System.out is Gogo's per-thread redirector, and a
        // session writing into it would loop back into itself.
        java.io.PrintStream out = new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true);
        java.io.PrintStream err = new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true);
        Object session = create.invoke(processor, System.in, out, err);
        Method execute = session.getClass().getMethod("execute", CharSequence.class);
        String name = command.split(" ")[0];
        String shown = name.replaceFirst("^digits:", "");
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
                boolean notFound = cause.getClass().getSimpleName().equals("CommandNotFoundException");
                if (notFound && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                    continue;
                }
                if (notFound) {
                    err.println("digits: unknown command '" + shown + "'");
                    err.println("Try 'digits --help'.");
                    return USAGE_ERROR;
                }
                err.println("digits: " + shown + ": " + oneLine(cause));
                if (cause instanceof IllegalArgumentException) {
                    // Bad arguments, Gogo's "Cannot coerce" among them: show how the command is used.
                    Object help = create.invoke(processor, InputStream.nullInputStream(), err, err);
                    try {
                        Object usage = execute.invoke(help, "help " + name);
                        if (usage != null) {
                            err.println(usage);
                        }
                    } catch (InvocationTargetException ignored) {
                        // no usage to show; the line above says what was wrong
                    }
                    return USAGE_ERROR;
                }
                cause.printStackTrace(Logs.stream());
                return FAILURE;
            }
        }
    }

    /** A problem in one line: its message's first line, or its type when it has none. */
    static String oneLine(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            return t.getClass().getSimpleName();
        }
        return m.strip().lines().findFirst().orElse(m);
    }
}
