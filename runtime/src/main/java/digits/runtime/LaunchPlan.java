package digits.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.osgi.service.feature.Feature;
import org.osgi.service.feature.FeatureArtifact;
import org.osgi.service.feature.FeatureBundle;
import org.osgi.service.feature.FeatureExtension;
import org.osgi.service.feature.FeatureService;
import org.osgi.service.feature.ID;

/**
 * Everything needed to start the framework, worked out from the configuration and the features:
 * the class path (Felix, DL4J, the backend), the framework properties and the bundles in order.
 *
 * @param classpath           jars for the framework's class loader
 * @param frameworkProperties Felix's configuration
 * @param bundleSpecs         {@code startOrder|path} per bundle, in install order
 * @param backend             the backend chosen and why
 */
public record LaunchPlan(List<Path> classpath, Map<String, String> frameworkProperties, List<String> bundleSpecs,
        BackendChoice backend) {

    /** The feature extension that lists jars for the framework's class path. */
    static final String CLASSPATH_EXTENSION = "digits-classpath";

    public static LaunchPlan create(Options options) throws LaunchException {
        Path home = options.home();
        if (!Files.isDirectory(home.resolve("features"))) {
            throw new LaunchException("no features/ folder under " + home + "; run from the workbench's folder or pass --home");
        }
        Properties conf = readConf(home.resolve("runtime/conf/workbench.properties"));
        Layout layout = Layout.of(home, conf.getProperty("plugins", "runtime/plugins"));
        ArtifactRepository repository = ArtifactRepository.standard(layout);

        FeatureService features = featureService();
        BackendChoice.CudaBuild cuda = cudaBuild(options, features, home, repository);
        BackendChoice backend = BackendChoice.choose(options.gpu(), conf, cuda, cudnnEngine(options, features, home, repository));
        List<String> featureNames = new ArrayList<>();
        for (String f : conf.getProperty("features", "digits-platform, digits-core, digits-ui").split(",")) {
            f = f.trim();
            if (!f.isEmpty() && !(options.headless() && f.equals("digits-ui"))) {
                featureNames.add(f);
            }
        }
        featureNames.add(1, backend.feature());
        featureNames.addAll(backend.engineFeatures());
        featureNames.addAll(options.features());

        List<Path> classpath = new ArrayList<>(repository.frameworkClasspath());
        if (backend.feature().equals("digits-cuda")) {
            classpath.addAll(cuda.jars());
        }
        List<String> bundles = new ArrayList<>();
        Set<Path> seen = new LinkedHashSet<>();
        for (String name : new LinkedHashSet<>(featureNames)) {
            Feature feature = readFeature(features, home.resolve("features").resolve(name + ".json"));
            for (FeatureBundle b : feature.getBundles()) {
                Path jar = repository.resolve(b.getID());
                Object order = b.getMetadata().getOrDefault("start-order", 10);
                if (seen.add(jar)) {
                    bundles.add(((Number) order).intValue() + "|" + jar);
                }
            }
            FeatureExtension ext = feature.getExtensions().get(CLASSPATH_EXTENSION);
            if (ext != null && !name.equals("digits-cuda")) {
                for (FeatureArtifact a : ext.getArtifacts()) {
                    classpath.add(repository.resolve(a.getID()));
                }
            }
        }

        Map<String, String> props = new LinkedHashMap<>();
        props.put("org.osgi.framework.storage", layout.storage().toString());
        props.put("org.osgi.framework.storage.clean", "onFirstInit");
        props.put("org.osgi.framework.system.packages.extra", SystemPackages.exportsOf(classpath));
        try {
            Files.createDirectories(layout.plugins());
        } catch (IOException e) {
            throw new LaunchException("cannot create the plugins folder " + layout.plugins() + ": " + e.getMessage(), e);
        }
        props.put("felix.fileinstall.dir", layout.plugins().toString());
        props.put("felix.fileinstall.filter", ".*\\.jar");
        props.put("felix.fileinstall.poll", String.valueOf(1000 * Integer.parseInt(conf.getProperty("plugins.poll", "1").trim())));
        props.put("felix.fileinstall.noInitialDelay", "true");
        props.put("felix.fileinstall.log.level", "2");
        props.put("ds.loglevel", "warn"); // SCR reports components that fail to activate
        props.put("digits.home", home.toString());
        props.put("digits.repository", layout.repository().toString());
        props.put("digits.models", layout.models().toString());
        if (layout.shippedModels() != null) {
            props.put("digits.models.shipped", layout.shippedModels().toString());
        }
        props.put("digits.headless", String.valueOf(options.headless()));
        props.put("digits.backend.note", String.join("; ", backend.notes()));
        if (!backend.libraryFolders().isEmpty()) {
            props.put("digits.cudnn.libraries", String.join(":", backend.libraryFolders().stream().map(Path::toString).toList()));
        }
        if (options.data() != null) {
            props.put("digits.data", options.data().toString());
        }
        if (options.command() != null) {
            props.put("digits.command", options.command());
            props.put("gosh.args", "--nointeractive --noshutdown");
        } else if (!options.headless()) {
            // The window is the interface; the shell would only wait on a console nobody types in.
            props.put("gosh.args", "--nointeractive --noshutdown");
        }
        return new LaunchPlan(List.copyOf(classpath), props, List.copyOf(bundles), backend);
    }

    /** The CUDA backend on offer: a folder given with --cuda-build, else the digits-cuda feature's jars. */
    static BackendChoice.CudaBuild cudaBuild(Options options, FeatureService features, Path home,
            ArtifactRepository repository) throws LaunchException {
        List<String> released = BackendChoice.RELEASED_CUDA_CAPABILITIES;
        String override = System.getProperty("digits.cuda.capabilities");
        if (options.cudaBuild() != null) {
            Path dir = options.cudaBuild();
            List<Path> jars = new ArrayList<>();
            try (var files = Files.list(dir)) {
                files.filter(f -> f.toString().endsWith(".jar")).sorted().forEach(jars::add);
            } catch (IOException e) {
                throw new LaunchException("--cuda-build " + dir + ": " + e.getMessage(), e);
            }
            Path caps = dir.resolve("capabilities.txt");
            List<String> capabilities;
            try {
                capabilities = Files.isRegularFile(caps)
                        ? List.of(Files.readString(caps).trim().split("[,\\s]+"))
                        : override != null ? List.of(override.split(",")) : released;
            } catch (IOException e) {
                throw new LaunchException("cannot read " + caps, e);
            }
            boolean redist = jars.stream().anyMatch(j -> j.getFileName().toString().contains("redist"));
            return new BackendChoice.CudaBuild(jars, List.of(), capabilities, redist);
        }
        Path file = home.resolve("features/digits-cuda.json");
        List<String> capabilities = override != null ? List.of(override.split(",")) : released;
        if (!Files.isRegularFile(file)) {
            return new BackendChoice.CudaBuild(List.of(), List.of("features/digits-cuda.json"), capabilities, false);
        }
        Feature feature = readFeature(features, file);
        List<Path> jars = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        FeatureExtension mandatory = feature.getExtensions().get(CLASSPATH_EXTENSION);
        for (FeatureArtifact a : mandatory == null ? List.<FeatureArtifact>of() : mandatory.getArtifacts()) {
            if (repository.has(a.getID())) {
                jars.add(repository.resolve(a.getID()));
            } else {
                missing.add(a.getID().toString());
            }
        }
        boolean redist = false;
        FeatureExtension optional = feature.getExtensions().get(CLASSPATH_EXTENSION + "-optional");
        if (optional != null && optional.getArtifacts().stream().allMatch(a -> repository.has(a.getID()))) {
            for (FeatureArtifact a : optional.getArtifacts()) {
                jars.add(repository.resolve(a.getID()));
            }
            redist = !optional.getArtifacts().isEmpty();
        }
        return new BackendChoice.CudaBuild(jars, missing, capabilities, redist);
    }

    /** The cuDNN engine on offer: its feature and every bundle it names present in the repository. */
    static BackendChoice.CudnnEngine cudnnEngine(Options options, FeatureService features, Path home,
            ArtifactRepository repository) throws LaunchException {
        Path file = home.resolve("features/" + BackendChoice.CUDNN_FEATURE + ".json");
        boolean built = Files.isRegularFile(file) && readFeature(features, file).getBundles().stream()
                .allMatch(b -> repository.has(b.getID()));
        return new BackendChoice.CudnnEngine(built, Runtime.version().feature(), options.cudaLibraries());
    }

    static FeatureService featureService() throws LaunchException {
        return java.util.ServiceLoader.load(FeatureService.class, LaunchPlan.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new LaunchException("no OSGi Feature Service implementation on the class path"));
    }

    static Feature readFeature(FeatureService service, Path file) throws LaunchException {
        if (!Files.isRegularFile(file)) {
            throw new LaunchException("feature " + file.getFileName() + " not found in " + file.getParent());
        }
        // Parsson is found through the context class loader; make sure it is ours.
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(LaunchPlan.class.getClassLoader());
        try (Reader r = Files.newBufferedReader(file)) {
            return service.readFeature(r);
        } catch (IOException | RuntimeException e) {
            throw new LaunchException("cannot read feature " + file + ": " + e.getMessage(), e);
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    static Properties readConf(Path file) throws LaunchException {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException e) {
                throw new LaunchException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        return p;
    }

    /** The jar for a feature id, e.g. {@code org.nd4j:nd4j-native:jar:linux-x86_64-onednn-avx2:1.0.0-M2.1}. */
    static String relativePath(ID id) {
        String classifier = id.getClassifier().map(c -> "-" + c).orElse("");
        String type = id.getType().orElse("jar");
        return id.getGroupId().replace('.', '/') + "/" + id.getArtifactId() + "/" + id.getVersion() + "/"
                + id.getArtifactId() + "-" + id.getVersion() + classifier + "." + type;
    }
}
