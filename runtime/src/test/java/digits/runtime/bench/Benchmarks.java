package digits.runtime.bench;

import digits.api.BatchProgress;
import digits.api.DatasetProvider;
import digits.api.EpochMetrics;
import digits.api.Evaluation;
import digits.api.Evaluator;
import digits.api.GrayImage;
import digits.api.LabelledImages;
import digits.api.Preprocessor;
import digits.api.Recognizer;
import digits.api.Selection;
import digits.api.Trainer;
import digits.api.TrainingListener;
import digits.api.TrainingOutcome;
import digits.api.TrainingRequest;
import digits.preprocess.Images;
import digits.runtime.BenchWorkbench;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark suite ({@code ./digits bench}): the workbench's engine measured through its
 * services, and the same CNN in PyTorch run in the same session, so every figure is reported as
 * a ratio against a peer measured minutes apart on the same machine. Writes BENCHMARKS.md.
 */
public final class Benchmarks {

    static final int TO_99_EPOCHS = 8;

    private final List<String[]> rows = new ArrayList<>();
    private final StringBuilder notes = new StringBuilder();

    public static void main(String[] args) throws Exception {
        new Benchmarks().run(Path.of(args.length > 0 ? args[0] : "BENCHMARKS.md"),
                args.length > 1 ? Integer.parseInt(args[1]) : 12_800);
    }

    void run(Path out, int trainImages) throws Exception {
        Path models = Files.createTempDirectory("digits-bench-models");
        Path home = Path.of(System.getProperty("digits.home", ".")).toAbsolutePath();
        Files.copy(home.resolve("models/default.zip"), models.resolve("default.zip"));
        Files.copy(home.resolve("models/default.json"), models.resolve("default.json"));
        try (BenchWorkbench wb = BenchWorkbench.start(home, models)) {
            Trainer trainer = wb.service(Trainer.class);
            DatasetProvider mnist = wb.dataset("mnist");
            LabelledImages test = mnist.test();
            String idxDir = mnist.provision().replaceAll(".*?(/\\S+).*", "$1");

            // PyTorch peer first, so it and the workbench see the same machine state.
            Path cache = Path.of(System.getProperty("user.home"), ".cache/digit-workbench/datasets/mnist");
            Peer p32 = Peer.run(home, cache, trainImages, 32, 1);
            Peer p128 = Peer.run(home, cache, trainImages, 128, 1);

            double t32 = trainThroughput(trainer, "reference", 32, trainImages);
            double t128 = trainThroughput(trainer, "reference", 128, trainImages);
            row("Training, reference CNN, batch 32 (img/s)", t32, p32.trainRate);
            row("Training, reference CNN, batch 128 (img/s)", t128, p128.trainRate);

            // Inference on the same network as the peer's: the reference CNN just trained at batch 32.
            Selection selection = wb.service(Selection.class);
            Recognizer reference = recognizer(selection, "cnn:bench-32");
            Recognizer shipped = recognizer(selection, "cnn:default");
            Evaluator evaluator = wb.service(Evaluator.class);
            double evalRate = timedEvaluation(evaluator, reference, test).rate();
            row("Evaluation, reference CNN, 10,000 test images (img/s)", evalRate, p32.evalRate);
            double[] single = latencies(reference, test);
            rowText("Single image through the Recognizer service, reference CNN, p50 (ms)", single[0],
                    "PyTorch mean " + fmt(p32.singleMs), p32.singleMs / single[0]);
            rowText("Single image, reference CNN, p99 (ms)", single[1], "", Double.NaN);

            TimedEvaluation e = timedEvaluation(evaluator, shipped, test);
            rowText("Evaluation, the shipped model, 10,000 test images (img/s)", e.rate(), "", Double.NaN);
            notes.append(String.format("- The shipped model's accuracy measured during the benchmark: %.2f%%.%n",
                    100 * e.evaluation().accuracy()));
            double[] shippedSingle = latencies(shipped, test);
            rowText("Single image, the shipped model, p50 (ms)", shippedSingle[0], "", Double.NaN);
            rowText("Single image, the shipped model, p99 (ms)", shippedSingle[1], "", Double.NaN);

            Preprocessor recipe = wb.preprocessor("mnist");
            double[] canvas = canvasPipeline(recipe, shipped, test); // what the Draw tab runs
            rowText("Canvas pipeline: 280x280 stroke end to probabilities, p50 (ms)", canvas[0], "goal < 5 ms", Double.NaN);
            rowText("Canvas pipeline, p99 (ms)", canvas[1], "", Double.NaN);

            // Time to 99%: the reference CNN at batch 32 on 50,000 training images on both sides,
            // accuracy on 10,000 held-out digits after each epoch (the workbench's validation
            // split, the peer's test set), training time only, up to TO_99_EPOCHS epochs.
            Peer full = Peer.run(home, cache, 50_000, 32, TO_99_EPOCHS);
            List<double[]> ours = accuracyCurve(trainer);
            // The longer training measurement: every epoch of that run, 50,000 images each.
            double oursRate = ours.isEmpty() ? Double.NaN : 50_000.0 * ours.size() / ours.get(ours.size() - 1)[0];
            double peerRate = full.curve.isEmpty() ? Double.NaN
                    : 50_000.0 * full.curve.size() / full.curve.get(full.curve.size() - 1)[0];
            row(String.format("Training, reference CNN, batch 32, %d full epochs of 50,000 images (img/s)", TO_99_EPOCHS),
                    oursRate, peerRate);
            for (double target : new double[] {0.985, 0.99}) {
                double we = secondsTo(ours, target);
                double they = secondsTo(full.curve, target);
                rowText(String.format("Time to %.1f%% held-out accuracy, reference CNN, batch 32, 50,000 images (s of training)",
                        100 * target), we, they > 0 ? "PyTorch " + fmt(they) : "PyTorch: not within " + TO_99_EPOCHS + " epochs",
                        we > 0 && they > 0 ? they / we : Double.NaN);
            }
            notes.append(String.format("- Accuracy after %d epochs of the time-to-accuracy run: workbench %.2f%% (validation), "
                    + "PyTorch %.2f%% (test); best %.2f%% and %.2f%%.%n", TO_99_EPOCHS, 100 * last(ours), 100 * last(full.curve),
                    100 * best(ours), 100 * best(full.curve)));
        }
        write(out);
    }

    double trainThroughput(Trainer trainer, String architecture, int batch, int images) throws Exception {
        List<long[]> stamps = new ArrayList<>();
        TrainingRequest r = TrainingRequest.defaults("mnist").withModelName("bench-" + batch).withArchitecture(architecture)
                .withBatchSize(batch).withEpochs(1).withTrainLimit(images);
        TrainingOutcome o = trainer.start(r, new TrainingListener() {
            @Override
            public void onBatch(BatchProgress p) {
                stamps.add(new long[] {System.nanoTime(), p.batch()});
            }
        }).completion().toCompletableFuture().get(30, TimeUnit.MINUTES);
        // skip the first tenth: JIT and workspace warm-up
        int skip = stamps.size() / 10;
        long[] a = stamps.get(skip);
        long[] b = stamps.get(stamps.size() - 1);
        double rate = (b[1] - a[1]) * (double) batch / ((b[0] - a[0]) / 1e9);
        System.out.printf("training %s batch %d: %.0f img/s (%s)%n", architecture, batch, rate, o.state());
        return rate;
    }

    /**
     * The reference CNN trained for {@link #TO_99_EPOCHS} epochs: after each, the seconds of
     * training so far (validation excluded) and the validation accuracy.
     */
    List<double[]> accuracyCurve(Trainer trainer) throws Exception {
        double[] training = {0};
        long[] epochStart = {0};
        List<double[]> curve = new ArrayList<>();
        TrainingRequest r = TrainingRequest.defaults("mnist").withModelName("bench-99").withArchitecture("reference")
                .withBatchSize(32).withEpochs(TO_99_EPOCHS).withValidationFraction(1 / 6.0);
        trainer.start(r, new TrainingListener() {
            @Override
            public void onBatch(BatchProgress p) {
                long now = System.nanoTime();
                if (p.batch() == 0) {
                    epochStart[0] = now;
                } else if (p.batch() == p.batchesPerEpoch() - 1) {
                    training[0] += (now - epochStart[0]) / 1e9;
                }
            }

            @Override
            public void onEpoch(EpochMetrics m) {
                System.out.printf("time to accuracy: epoch %d, validation accuracy %.4f after %.1f s of training%n",
                        m.epoch() + 1, m.validationAccuracy(), training[0]);
                curve.add(new double[] {training[0], m.validationAccuracy()});
            }
        }).completion().toCompletableFuture().get(60, TimeUnit.MINUTES);
        return curve;
    }

    /** Seconds of training until the accuracy after an epoch reached {@code target}; -1 if never. */
    static double secondsTo(List<double[]> curve, double target) {
        return curve.stream().filter(p -> p[1] >= target).mapToDouble(p -> p[0]).findFirst().orElse(-1);
    }

    static double last(List<double[]> curve) {
        return curve.isEmpty() ? Double.NaN : curve.get(curve.size() - 1)[1];
    }

    static double best(List<double[]> curve) {
        return curve.stream().mapToDouble(p -> p[1]).max().orElse(Double.NaN);
    }

    static Recognizer recognizer(Selection selection, String id) {
        return selection.recognizers().stream().filter(r -> r.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no recognizer " + id));
    }

    /** An evaluation of the whole test set and its throughput in images per second. */
    record TimedEvaluation(Evaluation evaluation, double rate) {}

    static TimedEvaluation timedEvaluation(Evaluator evaluator, Recognizer r, LabelledImages test) {
        evaluator.evaluate(r, test.slice(0, 1000), 0); // warm-up
        long t0 = System.nanoTime();
        Evaluation e = evaluator.evaluate(r, test, 0);
        return new TimedEvaluation(e, test.count() / ((System.nanoTime() - t0) / 1e9));
    }

    static double[] latencies(Recognizer r, LabelledImages test) {
        for (int i = 0; i < 300; i++) {
            r.recognize(test.image(i));
        }
        long[] ns = new long[3000];
        for (int i = 0; i < ns.length; i++) {
            GrayImage g = test.image(i % test.count());
            long t = System.nanoTime();
            r.recognize(g);
            ns[i] = System.nanoTime() - t;
        }
        return percentiles(ns);
    }

    static double[] canvasPipeline(Preprocessor p, Recognizer r, LabelledImages test) {
        List<GrayImage> canvases = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            canvases.add(Images.render(test.image(i), 280, 0.7, 0, 0));
        }
        for (int i = 0; i < 300; i++) {
            r.recognize(p.toModelInput(canvases.get(i % 200)).orElseThrow());
        }
        long[] ns = new long[2000];
        for (int i = 0; i < ns.length; i++) {
            GrayImage canvas = canvases.get(i % 200);
            long t = System.nanoTime();
            r.recognize(p.toModelInput(canvas).orElseThrow());
            ns[i] = System.nanoTime() - t;
        }
        return percentiles(ns);
    }

    static double[] percentiles(long[] ns) {
        long[] s = ns.clone();
        Arrays.sort(s);
        return new double[] {s[s.length / 2] / 1e6, s[(int) (s.length * 0.99)] / 1e6};
    }

    void row(String what, double ours, double peer) {
        rowText(what, ours, "PyTorch " + fmt(peer), ours / peer);
    }

    void rowText(String what, double ours, String peer, double ratio) {
        // a negative figure: a time-to-accuracy that was not reached
        String value = ours < 0 ? "not within " + TO_99_EPOCHS + " epochs" : fmt(ours);
        rows.add(new String[] {what, value, peer, Double.isNaN(ratio) ? "" : String.format("%.2fx", ratio)});
        System.out.printf("%s: %s | %s | %s%n", what, value, peer, Double.isNaN(ratio) ? "" : String.format("%.2fx", ratio));
    }

    static String fmt(double v) {
        return v >= 100 ? String.format("%.0f", v) : v >= 10 ? String.format("%.1f", v) : String.format("%.2f", v);
    }

    void write(Path out) throws Exception {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n");
        md.append("Produced by `./digits bench` on ").append(LocalDate.now()).append(": ").append(Machine.describe())
                .append(".\nThe PyTorch peer (`../shared/bench/torch_peer.py`, Debian's python3-torch, same data, same thread count) ")
                .append("ran in the same session just before the workbench's measurements. Ratios are workbench / peer for ")
                .append("throughput (higher is better) and peer / workbench for latency (higher is better).\n\n");
        md.append("| measurement | workbench | peer | ratio |\n|---|---|---|---|\n");
        for (String[] r : rows) {
            md.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        md.append('\n').append(notes);
        String existing = Files.exists(out) ? Files.readString(out) : "";
        int keep = existing.indexOf("\n## Notes");
        Files.writeString(out, md + (keep >= 0 ? existing.substring(keep) : ""));
        System.out.println("wrote " + out.toAbsolutePath());
    }

    /** The PyTorch peer's figures, parsed from its output. */
    record Peer(double trainRate, double evalRate, double singleMs, List<double[]> curve) {
        static Peer run(Path home, Path idx, int n, int batch, int epochs) throws Exception {
            Path script = home.resolveSibling("shared/bench/torch_peer.py");
            Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), idx.toString(), String.valueOf(n),
                    String.valueOf(batch), "2", String.valueOf(epochs)).redirectErrorStream(true).start();
            double train = Double.NaN;
            double eval = Double.NaN;
            double single = Double.NaN;
            double elapsed = 0;
            List<double[]> curve = new ArrayList<>();
            Pattern epoch = Pattern.compile("train ([\\d.]+)s \\((\\d+) img/s\\) eval ([\\d.]+)s \\((\\d+) img/s\\) acc ([\\d.]+)");
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
                for (String line; (line = r.readLine()) != null;) {
                    System.out.println("  peer: " + line);
                    Matcher m = epoch.matcher(line);
                    if (m.find()) {
                        elapsed += Double.parseDouble(m.group(1));
                        train = Double.parseDouble(m.group(2));
                        eval = Double.parseDouble(m.group(4));
                        curve.add(new double[] {elapsed, Double.parseDouble(m.group(5))});
                    }
                    Matcher s = Pattern.compile("single-image latency ([\\d.]+) ms").matcher(line);
                    if (s.find()) {
                        single = Double.parseDouble(s.group(1));
                    }
                }
            }
            p.waitFor(30, TimeUnit.MINUTES);
            return new Peer(train, eval, single, curve);
        }
    }

    /** The machine, for the report. */
    static final class Machine {
        static String describe() {
            String cpu = "unknown CPU";
            try {
                for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                    if (line.startsWith("model name")) {
                        cpu = line.substring(line.indexOf(':') + 1).trim();
                        break;
                    }
                }
            } catch (Exception e) {
                // keep "unknown"
            }
            return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, "
                    + (Runtime.getRuntime().maxMemory() >> 30) + " GiB heap max, Java " + System.getProperty("java.version")
                    + ", OMP_WAIT_POLICY=" + System.getenv().getOrDefault("OMP_WAIT_POLICY", "unset");
        }
    }

}
