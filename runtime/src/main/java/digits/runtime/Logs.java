package digits.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the framework's and the libraries' logging goes: a file under
 * {@code ~/.local/state/digit-workbench/}, so that the console carries results; with
 * {@code --verbose}, the console as well. Everything logs through slf4j-simple on the framework's
 * class path, which reads these properties when it first logs.
 */
final class Logs {

    private Logs() {}

    static Path file() {
        return Path.of(System.getProperty("user.home"), ".local", "state", "digit-workbench", "digits.log");
    }

    /** Points slf4j-simple at the log file (or at stderr when verbose); says so in one line if it cannot. */
    static void configure(boolean verbose) {
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd HH:mm:ss.SSS");
        if (verbose) {
            System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
            return;
        }
        Path log = file();
        try {
            Files.createDirectories(log.getParent());
            System.setProperty("org.slf4j.simpleLogger.logFile", log.toString());
        } catch (IOException e) {
            System.err.println("digits: cannot write the log file " + log + " (" + e.getMessage() + "); logging to the console");
            System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        }
    }

    /** A stream into the log file, for what must be logged before or outside slf4j (a stack trace). */
    static java.io.PrintStream stream() {
        if (!"System.err".equals(System.getProperty("org.slf4j.simpleLogger.logFile", "System.err"))) {
            try {
                return new java.io.PrintStream(Files.newOutputStream(file(), java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND), true);
            } catch (IOException e) {
                // fall through to the console
            }
        }
        return System.err;
    }
}
