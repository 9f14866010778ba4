package digits.engine.cudnn.internal;

import digits.api.Augmentation;
import digits.api.LearningRateSchedule;
import digits.preprocess.Augmenter;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/**
 * The GPU check, run once on a machine with a GPU and no DL4J (a jlink runtime, this bundle's jar,
 * digits.api and digits.preprocess): it reads the CPU reference that {@code runtime/gpu/prepare.sh}
 * computed with DL4J, and writes what {@code runtime/gpu/compare.sh} turns into BENCHMARKS.md and
 * stored models:
 * <ul>
 * <li>2a: per layer type, forward outputs and gradients against DL4J's on the same parameters and
 * batch (dropout off, TF32 off);</li>
 * <li>2b: the reference CNN, one epoch on MNIST (batch 32, adamax, seed 42), its parameters;</li>
 * <li>2c: training throughput of the reference CNN at batch 32 and 256 and of the deep network at
 * batch 64, over whole epochs;</li>
 * <li>2d: the shipped recipe (deep, 15 epochs, batch 64, adamax 0.002, augmentation, cosine,
 * validation 0.1, seed 7): the parameters of its best epoch by validation loss, and its wall time.</li>
 * </ul>
 * usage: GpuCheck REFERENCE_DIR OUT_DIR [2a,2b,2c,2d]
 */
public final class GpuCheck {

    private final Cuda cuda;
    private final PrintStream results;
    private final Path out;
    private final Path ref;

    private GpuCheck(Cuda cuda, PrintStream results, Path ref, Path out) {
        this.cuda = cuda;
        this.ref = ref;
        this.results = results;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Path ref = Path.of(args[0]);
        Path out = Files.createDirectories(Path.of(args[1]));
        String parts = args.length > 2 ? args[2] : "2a,2b,2c,2d";
        List<Path> folders = System.getenv().getOrDefault("DIGITS_CUDA_LIBS", "").isBlank() ? List.of()
                : java.util.stream.Stream.of(System.getenv("DIGITS_CUDA_LIBS").split(":")).filter(s -> !s.isBlank()).map(Path::of).toList();
        Cuda cuda = Cuda.open(folders);
        try (PrintStream results = new PrintStream(Files.newOutputStream(out.resolve("results.tsv")), true)) {
            GpuCheck check = new GpuCheck(cuda, results, ref, out);
            results.println("cuda\t" + cuda.version + "\t" + cuda.where);
            Mnist mnist = parts.matches(".*2[bcd].*") ? Mnist.read(ref.resolve("mnist")) : null;
            for (String part : parts.split(",")) {
                long t0 = System.nanoTime();
                try {
                    switch (part) {
                        case "2a" -> check.agreement(ref.resolve("reference.bin.gz"));
                        case "2b" -> check.oneEpoch(mnist);
                        case "2c" -> check.throughput(mnist);
                        case "2d" -> check.recipe(mnist);
                        default -> throw new IllegalArgumentException("unknown part " + part);
                    }
                } catch (RuntimeException | IOException e) {
                    // one part failing must not cost the others their device time
                    e.printStackTrace();
                    results.println(part + "\tFAILED\t" + e.toString().replace('\n', ' '));
                }
                System.out.printf("%s done in %.1f s%n", part, (System.nanoTime() - t0) / 1e9);
            }
        }
    }

    // ---- 2a -----------------------------------------------------------------------------------

    private void agreement(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(Files.newInputStream(file))))) {
            if (!"digits-gpu-reference 1".equals(in.readUTF())) {
                throw new IOException(file + " is not a GPU reference file");
            }
            int nets = in.readInt();
            System.out.println("2a: layer type, network, layer, forward error, gradient error (max |gpu-cpu| / max |cpu|)");
            for (int k = 0; k < nets; k++) {
                String arch = in.readUTF();
                NetSpec spec = NetSpec.parse(in.readUTF());
                UpdateRule rule = UpdateRule.parse(in.readUTF());
                int n = in.readInt();
                float[] images = floats(in);
                int[] labels = ints(in);
                float[] params = floats(in);
                List<float[]> outputs = new ArrayList<>();
                for (int i = 0; i < spec.layers().size(); i++) {
                    outputs.add(floats(in));
                }
                float loss = in.readFloat();
                float[] grads = floats(in);
                try (GpuNet gpu = new GpuNet(cuda, spec, rule, n, 1, false, false)) {
                    gpu.load(params, new float[rule.slots()][params.length], 0);
                    List<float[]> mine = gpu.forwardBackward(images, labels, n);
                    float[] g = gpu.gradients();
                    ParamLayout layout = gpu.layout;
                    for (int i = 0; i < spec.layers().size(); i++) {
                        NetSpec.Layer l = spec.layers().get(i);
                        // the output layer's DL4J activation is the softmax: compare the probabilities
                        float[] fwd = l.kind() == NetSpec.Kind.OUTPUT ? mine.get(spec.layers().size()) : mine.get(i);
                        double fe = error(fwd, outputs.get(i), 0, fwd.length);
                        double ge = 0;
                        for (ParamLayout.Tensor t : layout.tensors) {
                            if (t.layer() == i && t.trained()) {
                                ge = Math.max(ge, error(g, grads, t.offset(), t.length()));
                            }
                        }
                        results.printf("2a\t%s\t%s\t%s\t%.3e\t%.3e%n", l.kind(), arch, l.name(), fe, ge);
                        System.out.printf("  %-9s %-9s %-9s %.2e %.2e%n", l.kind(), arch, l.name(), fe, ge);
                    }
                    float gpuLoss = mine.get(spec.layers().size() + 1)[0];
                    results.printf("2a\tLOSS\t%s\tloss\t%.3e\t0%n", arch, Math.abs(gpuLoss - loss) / Math.abs(loss));
                }
            }
        }
    }

    /** max |a - b| over max |b|, on [from, from + length). */
    static double error(float[] a, float[] b, int from, int length) {
        double diff = 0;
        double scale = 0;
        for (int i = from; i < from + length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.abs(b[i]));
        }
        return scale == 0 ? diff : diff / scale;
    }

    // ---- 2b, 2c, 2d ---------------------------------------------------------------------------

    private void oneEpoch(Mnist mnist) throws IOException {
        Run r = train(mnist, "reference", new UpdateRule("adamax", 0.001, 0.9, 0.999, 1e-7, 0, 0), 1, 32, 0.15, 42, false,
                LearningRateSchedule.CONSTANT);
        results.printf("2b\treference\t1 epoch\tbatch 32\tgpu test accuracy\t%.4f\twall\t%.1f%n", r.testAccuracy, r.seconds);
        write(out.resolve("reference-1epoch.params"), r.params);
    }

    private void throughput(Mnist mnist) throws IOException {
        UpdateRule adamax = new UpdateRule("adamax", 0.001, 0.9, 0.999, 1e-7, 0, 0);
        for (Object[] c : new Object[][] {{"reference", 32}, {"reference", 256}, {"deep", 64}}) {
            String arch = (String) c[0];
            int batch = (Integer) c[1];
            NetSpec spec = spec(arch);
            try (GpuNet gpu = new GpuNet(cuda, spec, adamax, batch, 1, false, true)) {
                gpu.load(initial(arch, arch.equals("deep") ? 7 : 42), new float[2][spec.params()], 0);
                epoch(gpu, mnist.train, mnist.trainLabels, mnist.trainCount, shuffled(mnist.trainCount, 1), batch, null); // warm-up
                long t0 = System.nanoTime();
                epoch(gpu, mnist.train, mnist.trainLabels, mnist.trainCount, shuffled(mnist.trainCount, 2), batch, null);
                double s = (System.nanoTime() - t0) / 1e9;
                results.printf("2c\t%s\tbatch %d\timg/s\t%.0f\tgraph\t%s%n", arch, batch, mnist.trainCount / s,
                        gpu.graphFailure == null ? "yes" : "no: " + gpu.graphFailure);
                System.out.printf("2c %s batch %d: %.0f img/s%n", arch, batch, mnist.trainCount / s);
            }
        }
    }

    private void recipe(Mnist mnist) throws IOException {
        Run r = train(mnist, "deep", new UpdateRule("adamax", 0.002, 0.9, 0.999, 1e-7, 0, 0), 15, 64, 0.1, 7, true,
                new LearningRateSchedule("cosine", 0.05, 1, 0));
        results.printf("2d\tdeep\t15 epochs\tbatch 64\tgpu test accuracy\t%.4f\twall\t%.1f\tbest epoch\t%d%n",
                r.testAccuracy, r.seconds, r.bestEpoch);
        write(out.resolve("deep-recipe.params"), r.params);
    }

    record Run(float[] params, double testAccuracy, double seconds, int bestEpoch) {}

    /** The CPU engine's loop in short: seeded split, per-epoch rate and order, best epoch by validation loss. */
    private Run train(Mnist mnist, String arch, UpdateRule rule, int epochs, int batch, double validation, long seed,
            boolean augment, LearningRateSchedule schedule) throws IOException {
        long t0 = System.nanoTime();
        int[] order = shuffled(mnist.trainCount, seed);
        int nVal = (int) Math.round(mnist.trainCount * validation);
        int nTrain = mnist.trainCount - nVal;
        float[] trainX = gather(mnist.train, order, nVal, nTrain);
        int[] trainY = gatherLabels(mnist.trainLabels, order, nVal, nTrain);
        float[] valX = gather(mnist.train, order, 0, nVal);
        int[] valY = gatherLabels(mnist.trainLabels, order, 0, nVal);
        Augmenter augmenter = augment ? new Augmenter(Augmentation.STANDARD, seed) : null;
        NetSpec spec = spec(arch);
        float[] best = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = -1;
        try (GpuNet gpu = new GpuNet(cuda, spec, rule, batch, seed, false, true)) {
            gpu.load(initial(arch, seed), new float[rule.slots()][spec.params()], 0);
            for (int e = 0; e < epochs; e++) {
                gpu.setLearningRate(rule.learningRate() * schedule.multiplier(e, epochs));
                double loss = epoch(gpu, trainX, trainY, nTrain, shuffled(nTrain, seed * 31 + e), batch, augmenter);
                double valLoss = nVal == 0 ? loss : crossEntropy(gpu.predictAll(valX, nVal), valY);
                if (valLoss < bestLoss) {
                    bestLoss = valLoss;
                    best = gpu.parameters();
                    bestEpoch = e + 1;
                }
                System.out.printf("  %s epoch %d: train loss %.4f, validation loss %.4f%n", arch, e + 1, loss, valLoss);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            gpu.load(best, new float[rule.slots()][spec.params()], 0);
            double acc = accuracy(gpu.predictAll(mnist.test, mnist.testCount), mnist.testLabels);
            return new Run(best, acc, seconds, bestEpoch);
        }
    }

    /** One epoch; the next batch is gathered (and augmented) while the GPU trains on the last. */
    private static double epoch(GpuNet gpu, float[] x, int[] y, int count, int[] order, int batch, Augmenter augmenter) {
        float[] rows = new float[batch * 784];
        int[] labels = new int[batch];
        double sum = 0;
        int steps = 0;
        for (int from = 0; from < count; from += batch) {
            int n = Math.min(batch, count - from);
            for (int i = 0; i < n; i++) {
                System.arraycopy(x, order[from + i] * 784, rows, i * 784, 784);
                labels[i] = y[order[from + i]];
            }
            if (augmenter != null) {
                augmenter.augmentBatch(rows, n);
            }
            double loss = gpu.step(rows, labels, n);
            if (!Double.isNaN(loss)) {
                sum += loss;
                steps++;
            }
        }
        double last = gpu.finish();
        if (!Double.isNaN(last)) {
            sum += last;
            steps++;
        }
        return sum / Math.max(1, steps);
    }

    static int[] shuffled(int n, long seed) {
        List<Integer> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(i);
        }
        java.util.Collections.shuffle(list, new Random(seed));
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    private static float[] gather(float[] x, int[] order, int from, int count) {
        float[] out = new float[count * 784];
        for (int i = 0; i < count; i++) {
            System.arraycopy(x, order[from + i] * 784, out, i * 784, 784);
        }
        return out;
    }

    private static int[] gatherLabels(int[] y, int[] order, int from, int count) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = y[order[from + i]];
        }
        return out;
    }

    static double accuracy(float[] probs, int[] labels) {
        int right = 0;
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            for (int c = 1; c < 10; c++) {
                if (probs[i * 10 + c] > probs[i * 10 + best]) {
                    best = c;
                }
            }
            right += best == labels[i] ? 1 : 0;
        }
        return right / (double) labels.length;
    }

    static double crossEntropy(float[] probs, int[] labels) {
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            sum -= Math.log(Math.max(probs[i * 10 + labels[i]], 1e-30));
        }
        return sum / labels.length;
    }

    // ---- files --------------------------------------------------------------------------------

    static float[] floats(DataInputStream in) throws IOException {
        float[] a = new float[in.readInt()];
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readFloat();
        }
        return a;
    }

    static int[] ints(DataInputStream in) throws IOException {
        int[] a = new int[in.readInt()];
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readInt();
        }
        return a;
    }

    /** Parameters as little-endian float32, DL4J's flat order. */
    static void write(Path file, float[] params) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(params.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(params);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, b.array());
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    static float[] read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }

    /** The four MNIST IDX files (gzipped), as floats in [0, 1]. */
    record Mnist(float[] train, int[] trainLabels, int trainCount, float[] test, int[] testLabels, int testCount) {
        static Mnist read(Path dir) throws IOException {
            float[] train = images(dir.resolve("train-images-idx3-ubyte.gz"));
            int[] trainLabels = labels(dir.resolve("train-labels-idx1-ubyte.gz"));
            float[] test = images(dir.resolve("t10k-images-idx3-ubyte.gz"));
            int[] testLabels = labels(dir.resolve("t10k-labels-idx1-ubyte.gz"));
            return new Mnist(train, trainLabels, trainLabels.length, test, testLabels, testLabels.length);
        }

        private static byte[] gunzip(Path f, int header) throws IOException {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
                byte[] all = in.readAllBytes();
                return java.util.Arrays.copyOfRange(all, header, all.length);
            }
        }

        private static float[] images(Path f) throws IOException {
            byte[] px = gunzip(f, 16);
            float[] out = new float[px.length];
            for (int i = 0; i < px.length; i++) {
                out[i] = (px[i] & 0xff) / 255f;
            }
            return out;
        }

        private static int[] labels(Path f) throws IOException {
            byte[] b = gunzip(f, 8);
            int[] out = new int[b.length];
            for (int i = 0; i < b.length; i++) {
                out[i] = b[i];
            }
            return out;
        }
    }

    /** A network as prepare.sh wrote it from DL4J's configuration. */
    private NetSpec spec(String arch) throws IOException {
        return NetSpec.parse(Files.readString(ref.resolve(arch + ".spec")));
    }

    /** DL4J's initial parameters of a network for a seed, as prepare.sh wrote them. */
    private float[] initial(String arch, long seed) throws IOException {
        return read(ref.resolve(arch + "-" + seed + ".params"));
    }
}
