package digits.runtime;

import java.nio.file.Path;

/**
 * Where the workbench's files are. A source checkout keeps everything in its folder, as built; a
 * release ({@code -Ddigits.layout=release}, set by its {@code bin/digits}) may be installed
 * read-only under {@code /opt}, so what a user writes goes to the usual places in their home:
 * models they train to {@code ~/.local/share/digit-workbench/models} (the shipped model stays where
 * it was installed, read-only), plugins beside them, the framework's cache to
 * {@code ~/.cache/digit-workbench}.
 *
 * @param release       a release: it carries every jar it needs and looks for none elsewhere
 * @param repository    the jars in Maven layout (bundles, the framework's class path, natives)
 * @param classpathFile the framework's class path, as the build wrote it down
 * @param storage       the framework's bundle cache for this process
 * @param plugins       the folder FileInstall watches
 * @param models        where models are saved
 * @param shippedModels read-only models, or null
 */
record Layout(boolean release, Path repository, Path classpathFile, Path storage, Path plugins, Path models, Path shippedModels) {

    static final String RELEASE = "release";

    static Layout of(Path home, String pluginsInConf) {
        long pid = ProcessHandle.current().pid();
        if (RELEASE.equals(System.getProperty("digits.layout"))) {
            Path user = Path.of(System.getProperty("user.home"));
            Path data = user.resolve(".local/share/digit-workbench");
            return new Layout(true, home.resolve("lib/repository"), home.resolve("lib/framework.classpath"),
                    user.resolve(".cache/digit-workbench/framework-" + pid), data.resolve("plugins"),
                    data.resolve("models"), home.resolve("models"));
        }
        // One cache per process: two workbenches started from the same folder (a training in the
        // background and a window, say) must not clean each other's bundle cache.
        return new Layout(false, home.resolve("runtime/target/repository"), home.resolve("runtime/target/framework.classpath"),
                home.resolve("runtime/work/framework-" + pid), home.resolve(pluginsInConf), home.resolve("models"), null);
    }
}
