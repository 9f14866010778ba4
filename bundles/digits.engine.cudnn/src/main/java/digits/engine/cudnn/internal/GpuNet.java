package digits.engine.cudnn.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One network on one GPU: parameters, gradients and optimizer state in device memory (in DL4J's
 * flat order, see {@link ParamLayout}), a plan per batch size (cuDNN descriptors, chosen
 * algorithms, activations), and the training step: forward, softmax cross-entropy, backward, the
 * update rule. After a first step run call by call, the step of each batch size is captured as a
 * CUDA graph and replayed (one launch instead of some sixty), which is what gets small batches past
 * launch overhead. Steps are queued: {@link #step} returns while the GPU works, so the next batch is
 * gathered and augmented on the CPU meanwhile.
 * <p>
 * Float32 throughout; TF32 is off unless asked for (cuDNN convolutions in FMA math, cuBLAS in its
 * pedantic mode), so results compare with DL4J's on the CPU.
 */
final class GpuNet implements AutoCloseable {

    private static final int BLOCK = 256;
    // cuDNN and cuBLAS enumerations (cudnn_graph.h, cudnn_cnn.h, cublas_api.h)
    private static final int NCHW = 0, FLOAT = 0, CROSS_CORRELATION = 1, POOL_MAX = 0, NOT_PROPAGATE_NAN = 0;
    private static final int BN_SPATIAL = 1, FMA_MATH = 3, DEFAULT_MATH = 0;
    private static final int OP_N = 0, OP_T = 1, CUBLAS_PEDANTIC_MATH = 2, CUBLAS_TF32_TENSOR_OP_MATH = 3;

    final Cuda cuda;
    final NetSpec spec;
    final ParamLayout layout;
    final String deviceName;
    private final boolean tf32;
    private final boolean graphs;
    private UpdateRule rule;
    private final long stream;
    private final long blas;
    private final long dnn;
    private final Map<String, Long> kernels = new HashMap<>();
    private final Arena arena = Arena.ofShared();
    /** Device and pinned host memory this network took, freed on close. */
    private final List<Long> deviceMemory = new ArrayList<>();
    private final List<MemorySegment> hostMemory = new ArrayList<>();
    private final MemorySegment one;
    private final MemorySegment zero;

    final long params;
    final long grads;
    private final long mask;
    private final long[] state = new long[2];
    /** Per BN layer: running mean and variance (cuDNN's form; DL4J's may be log10 of the std). */
    private final long[] runMean;
    private final long[] runVar;
    /** Device copy of the per-step values: learning rate, iteration (1-based), dropout seed. */
    private final long stepValues;
    private final long lossValue;
    private final Map<Integer, Plan> trainPlans = new HashMap<>();
    private final Map<Integer, Plan> evalPlans = new HashMap<>();
    /** Double-buffered pinned staging: images, labels, step values, loss, and an event per slot. */
    private final MemorySegment[] hostImages = new MemorySegment[2];
    private final MemorySegment[] hostLabels = new MemorySegment[2];
    private final MemorySegment[] hostStep = new MemorySegment[2];
    private final MemorySegment[] hostLoss = new MemorySegment[2];
    private final long[] done = new long[2];
    private final boolean[] pending = new boolean[2];
    private final int maxBatch;
    private long iteration;
    private final long seed;
    private int slot;

    GpuNet(Cuda cuda, NetSpec spec, UpdateRule rule, int maxBatch, long seed, boolean tf32, boolean graphs) {
        this.cuda = cuda;
        this.spec = spec;
        this.layout = new ParamLayout(spec);
        this.rule = rule;
        this.maxBatch = maxBatch;
        this.seed = seed;
        this.tf32 = tf32;
        this.graphs = graphs;
        one = arena.allocateFrom(JAVA_FLOAT, 1f);
        zero = arena.allocateFrom(JAVA_FLOAT, 0f);
        int major;
        int minor;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = Cuda.out(a);
            cuda.cu("cuInit", 0);
            cuda.cu("cuDeviceGet", p, 0);
            int device = p.get(JAVA_INT, 0);
            MemorySegment name = a.allocate(256);
            cuda.cu("cuDeviceGetName", name, 256, device);
            deviceName = name.getString(0);
            cuda.cu("cuDeviceGetAttribute", p, 75, device); // COMPUTE_CAPABILITY_MAJOR
            major = p.get(JAVA_INT, 0);
            cuda.cu("cuDeviceGetAttribute", p, 76, device);
            minor = p.get(JAVA_INT, 0);
            // The primary context is the one cuBLAS and cuDNN (on the runtime API) use too.
            cuda.cu("cuDevicePrimaryCtxRetain", p, device);
            cuda.cu("cuCtxSetCurrent", p.get(ADDRESS, 0));
            cuda.cu("cuStreamCreate", p, 1); // non-blocking: capturable
            stream = p.get(JAVA_LONG, 0);
            cuda.blas("cublasCreate_v2", p);
            blas = p.get(JAVA_LONG, 0);
            cuda.blas("cublasSetStream_v2", blas, stream);
            cuda.blas("cublasSetMathMode", blas, tf32 ? CUBLAS_TF32_TENSOR_OP_MATH : CUBLAS_PEDANTIC_MATH);
            cuda.dnn("cudnnCreate", p);
            dnn = p.get(JAVA_LONG, 0);
            cuda.dnn("cudnnSetStream", dnn, stream);
            MemorySegment cubin = cuda.compile(Kernels.SOURCE, "digits.cu", major, minor, List.of());
            cuda.cu("cuModuleLoadData", p, cubin);
            long module = p.get(JAVA_LONG, 0);
            for (String k : Kernels.NAMES) {
                cuda.cu("cuModuleGetFunction", p, module, a.allocateFrom(k));
                kernels.put(k, p.get(JAVA_LONG, 0));
            }
            for (int s = 0; s < 2; s++) {
                cuda.cu("cuEventCreate", p, 2); // CU_EVENT_DISABLE_TIMING
                done[s] = p.get(JAVA_LONG, 0);
                hostImages[s] = allocHost((long) maxBatch * 784 * 4);
                hostLabels[s] = allocHost((long) maxBatch * 4);
                hostStep[s] = allocHost(16);
                hostLoss[s] = allocHost(4);
            }
        }
        long bytes = 4L * layout.params;
        params = alloc(bytes);
        grads = alloc(bytes);
        mask = alloc(bytes);
        cuda.upload(mask, layout.trainedMask());
        state[0] = alloc(bytes);
        state[1] = alloc(bytes);
        runMean = new long[spec.layers().size()];
        runVar = new long[spec.layers().size()];
        for (int i = 0; i < runMean.length; i++) {
            NetSpec.Layer l = spec.layers().get(i);
            if (l.kind() == NetSpec.Kind.BATCHNORM) {
                runMean[i] = alloc(4L * l.outC());
                runVar[i] = alloc(4L * l.outC());
            }
        }
        stepValues = alloc(16);
        lossValue = alloc(4);
        this.compute = major + "." + minor;
    }

    final String compute;
    /** Why a step could not be captured as a CUDA graph, or null. */
    volatile String graphFailure;

    private long alloc(long bytes) {
        long d = cuda.alloc(bytes);
        deviceMemory.add(d);
        return d;
    }

    private MemorySegment allocHost(long bytes) {
        MemorySegment m = cuda.allocHost(bytes);
        hostMemory.add(m);
        return m;
    }

    // ---- parameters and state to and from DL4J's vectors ----------------------------------------

    /** Uploads DL4J's flat parameters, its updater state (slots x params, the engine's form) and iteration. */
    void load(float[] flat, float[][] updaterState, long iteration) {
        cuda.upload(params, flat);
        for (int s = 0; s < updaterState.length; s++) {
            cuda.upload(state[s], updaterState[s]);
        }
        for (int i = 0; i < runMean.length; i++) {
            NetSpec.Layer l = spec.layers().get(i);
            if (l.kind() == NetSpec.Kind.BATCHNORM) {
                float[] mean = slice(flat, layout.tensor(i, "mean"));
                float[] spread = slice(flat, layout.tensor(i, l.logStd() ? "log10stdev" : "var"));
                if (l.logStd()) {
                    for (int c = 0; c < spread.length; c++) {
                        double sd = Math.pow(10, spread[c]);
                        spread[c] = (float) Math.max(0, sd * sd - l.epsilon());
                    }
                }
                cuda.upload(runMean[i], mean);
                cuda.upload(runVar[i], spread);
            }
        }
        this.iteration = iteration;
    }

    /** DL4J's flat parameters, with the running statistics written back in DL4J's form. */
    float[] parameters() {
        finish();
        float[] flat = cuda.download(params, layout.params);
        for (int i = 0; i < runMean.length; i++) {
            NetSpec.Layer l = spec.layers().get(i);
            if (l.kind() == NetSpec.Kind.BATCHNORM) {
                float[] mean = cuda.download(runMean[i], l.outC());
                float[] var = cuda.download(runVar[i], l.outC());
                ParamLayout.Tensor tm = layout.tensor(i, "mean");
                ParamLayout.Tensor tv = layout.tensor(i, l.logStd() ? "log10stdev" : "var");
                for (int c = 0; c < l.outC(); c++) {
                    flat[tm.offset() + c] = mean[c];
                    flat[tv.offset() + c] = l.logStd() ? (float) (0.5 * Math.log10(var[c] + l.epsilon())) : var[c];
                }
            }
        }
        return flat;
    }

    float[][] updaterState() {
        finish();
        float[][] out = new float[rule.slots()][];
        for (int s = 0; s < out.length; s++) {
            out[s] = cuda.download(state[s], layout.params);
        }
        return out;
    }

    long iteration() {
        return iteration;
    }

    float[] gradients() {
        finish();
        return cuda.download(grads, layout.params);
    }

    void setLearningRate(double rate) {
        rule = rule.withLearningRate(rate);
    }

    private static float[] slice(float[] flat, ParamLayout.Tensor t) {
        return java.util.Arrays.copyOfRange(flat, t.offset(), t.offset() + t.length());
    }

    // ---- the training step -------------------------------------------------------------------

    /**
     * Queues a training step on {@code n} images and labels; returns the loss of the previous
     * queued step (waiting for it), or NaN when there was none.
     */
    double step(float[] images, int[] labels, int n) {
        if (n > maxBatch) {
            throw new IllegalArgumentException("batch of " + n + " over the engine's " + maxBatch);
        }
        int s = slot;
        waitFor(s); // the staging of this slot is free once the step before the previous one ran
        MemorySegment.copy(images, 0, hostImages[s], JAVA_FLOAT, 0, n * 784);
        MemorySegment.copy(labels, 0, hostLabels[s], JAVA_INT, 0, n);
        iteration++;
        hostStep[s].set(JAVA_FLOAT, 0, (float) rule.learningRate());
        hostStep[s].set(JAVA_FLOAT, 4, (float) iteration);
        hostStep[s].set(JAVA_FLOAT, 8, (float) ((seed * 7919 + iteration) % 16_000_000));
        Plan plan = trainPlans.computeIfAbsent(n, k -> new Plan(k, true));
        cuda.cu("cuMemcpyHtoDAsync_v2", plan.x, hostImages[s], (long) n * 784 * 4, stream);
        cuda.cu("cuMemcpyHtoDAsync_v2", plan.labels, hostLabels[s], (long) n * 4, stream);
        cuda.cu("cuMemcpyHtoDAsync_v2", stepValues, hostStep[s], 16L, stream);
        plan.run(true);
        cuda.cu("cuMemcpyDtoHAsync_v2", hostLoss[s], lossValue, 4L, stream);
        cuda.cu("cuEventRecord", done[s], stream);
        pending[s] = true;
        slot = 1 - s;
        return waitFor(1 - s);
    }

    /** Waits for every queued step; the loss of the last one not yet returned, or NaN. */
    double finish() {
        double previous = waitFor(slot);
        double last = waitFor(1 - slot);
        return Double.isNaN(last) ? previous : last;
    }

    private double waitFor(int s) {
        if (!pending[s]) {
            return Double.NaN;
        }
        cuda.cu("cuEventSynchronize", done[s]);
        pending[s] = false;
        return hostLoss[s].get(JAVA_FLOAT, 0);
    }

    /** Class probabilities for {@code n} images, inference mode (running statistics, no dropout). */
    float[] predict(float[] images, int n) {
        finish();
        Plan plan = evalPlans.computeIfAbsent(n, k -> new Plan(k, false));
        cuda.upload(plan.x, java.util.Arrays.copyOf(images, n * 784));
        plan.run(false);
        cuda.cu("cuStreamSynchronize", stream);
        return cuda.download(plan.probs, n * 10);
    }

    /** Probabilities for {@code count} images, a thousand at a time. */
    float[] predictAll(float[] images, int count) {
        float[] out = new float[count * 10];
        for (int from = 0; from < count; from += 1000) {
            int n = Math.min(1000, count - from);
            float[] p = predict(java.util.Arrays.copyOfRange(images, from * 784, (from + n) * 784), n);
            System.arraycopy(p, 0, out, from * 10, n * 10);
        }
        return out;
    }

    /**
     * For comparing with DL4J: forward (training mode) and backward on one batch without
     * updating; the outputs of every layer, then the gradients are in {@link #gradients()}.
     */
    List<float[]> forwardBackward(float[] images, int[] labels, int n) {
        finish();
        Plan plan = trainPlans.computeIfAbsent(n, k -> new Plan(k, true));
        cuda.upload(plan.x, java.util.Arrays.copyOf(images, n * 784));
        try (Arena a = Arena.ofConfined()) {
            cuda.cu("cuMemcpyHtoD_v2", plan.labels, a.allocateFrom(JAVA_INT, java.util.Arrays.copyOf(labels, n)), (long) n * 4);
            cuda.cu("cuMemcpyHtoD_v2", stepValues, a.allocateFrom(JAVA_FLOAT, (float) rule.learningRate(), 1f, 0f, 0f), 16L);
        }
        plan.forward(true);
        plan.backward();
        cuda.cu("cuStreamSynchronize", stream);
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < spec.layers().size(); i++) {
            out.add(cuda.download(plan.act[i], n * spec.layers().get(i).outSize()));
        }
        out.add(cuda.download(plan.probs, n * 10));
        out.add(cuda.download(lossValue, 1));
        return out;
    }

    /** Times {@code steps} queued steps on one batch, in ms per step (device events around them). */
    double timeSteps(float[] images, int[] labels, int n, int steps) {
        for (int i = 0; i < 3; i++) {
            step(images, labels, n); // warm-up and graph capture
        }
        finish();
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            step(images, labels, n);
        }
        finish();
        return (System.nanoTime() - start) / 1e6 / steps;
    }

    // ---- kernels ------------------------------------------------------------------------------

    /** Launches one of Kernels' functions over {@code n} threads; longs are device pointers. */
    private void launch(String name, int n, Object... args) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment params = a.allocate(ADDRESS, args.length);
            for (int i = 0; i < args.length; i++) {
                MemorySegment v = switch (args[i]) {
                    case Long l -> a.allocateFrom(JAVA_LONG, l);
                    case Integer x -> a.allocateFrom(JAVA_INT, x);
                    case Float f -> a.allocateFrom(JAVA_FLOAT, f);
                    default -> throw new IllegalArgumentException(String.valueOf(args[i]));
                };
                params.setAtIndex(ADDRESS, i, v);
            }
            int blocks = Math.max(1, (n + BLOCK - 1) / BLOCK);
            cuda.cu("cuLaunchKernel", kernels.get(name), blocks, 1, 1, BLOCK, 1, 1, 0, stream, params, Cuda.NULL);
        }
    }

    private long tensor4d(int n, int c, int h, int w) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = Cuda.out(a);
            cuda.dnn("cudnnCreateTensorDescriptor", p);
            long d = p.get(JAVA_LONG, 0);
            cuda.dnn("cudnnSetTensor4dDescriptor", d, NCHW, FLOAT, n, c, h, w);
            return d;
        }
    }

    private long param(int layer, String name) {
        return params + 4L * layout.tensor(layer, name).offset();
    }

    private long grad(int layer, String name) {
        return grads + 4L * layout.tensor(layer, name).offset();
    }

    /** Everything one batch size needs: descriptors, algorithms, activations, and the captured step. */
    private final class Plan {
        final int n;
        final boolean training;
        final long x;
        final long labels;
        final long probs;
        final long[] act;
        final long[] dact;
        final long[] dropped;
        final long[] dropMask;
        final long[] inDesc;
        final long[] outDesc;
        final long[] filter;
        final long[] conv;
        final long[] bias;
        final int[][] algo;
        final long[] pool;
        final long[] bnDesc;
        final long[] saveMean;
        final long[] saveInvVar;
        long workspace;
        long workspaceBytes;
        long graph;
        int runs;

        Plan(int n, boolean training) {
            this.n = n;
            this.training = training;
            int layers = spec.layers().size();
            act = new long[layers];
            dact = new long[layers];
            dropped = new long[layers];
            dropMask = new long[layers];
            inDesc = new long[layers];
            outDesc = new long[layers];
            filter = new long[layers];
            conv = new long[layers];
            bias = new long[layers];
            algo = new int[layers][];
            pool = new long[layers];
            bnDesc = new long[layers];
            saveMean = new long[layers];
            saveInvVar = new long[layers];
            x = alloc(4L * n * 784);
            labels = alloc(4L * n);
            probs = alloc(4L * n * 10);
            for (int i = 0; i < layers; i++) {
                NetSpec.Layer l = spec.layers().get(i);
                act[i] = alloc(4L * n * l.outSize());
                if (training) {
                    dact[i] = alloc(4L * n * l.outSize());
                }
                inDesc[i] = tensor4d(n, l.inC(), l.inH(), l.inW());
                outDesc[i] = tensor4d(n, l.outC(), l.outH(), l.outW());
                switch (l.kind()) {
                    case CONV -> convolution(i, l);
                    case POOL -> pooling(i, l);
                    case BATCHNORM -> {
                        bnDesc[i] = tensor4d(1, l.outC(), 1, 1);
                        saveMean[i] = alloc(4L * l.outC());
                        saveInvVar[i] = alloc(4L * l.outC());
                    }
                    case DENSE, OUTPUT -> {
                        if (training && l.keep() < 1) {
                            dropped[i] = alloc(4L * n * l.inSize());
                            dropMask[i] = alloc(4L * n * l.inSize());
                        }
                    }
                }
            }
            workspace = alloc(workspaceBytes);
        }

        private void convolution(int i, NetSpec.Layer l) {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment p = Cuda.out(a);
                cuda.dnn("cudnnCreateFilterDescriptor", p);
                filter[i] = p.get(JAVA_LONG, 0);
                cuda.dnn("cudnnSetFilter4dDescriptor", filter[i], FLOAT, NCHW, l.outC(), l.inC(), l.kernel(), l.kernel());
                cuda.dnn("cudnnCreateConvolutionDescriptor", p);
                conv[i] = p.get(JAVA_LONG, 0);
                cuda.dnn("cudnnSetConvolution2dDescriptor", conv[i], 0, 0, 1, 1, 1, 1, CROSS_CORRELATION, FLOAT);
                cuda.dnn("cudnnSetConvolutionMathType", conv[i], tf32 ? DEFAULT_MATH : FMA_MATH);
                bias[i] = tensor4d(1, l.outC(), 1, 1);
                algo[i] = new int[] {
                    choose("cudnnGetConvolutionForwardAlgorithm_v7", inDesc[i], filter[i], conv[i], outDesc[i]),
                    training && i > 0 ? choose("cudnnGetConvolutionBackwardDataAlgorithm_v7", filter[i], outDesc[i], conv[i], inDesc[i]) : 0,
                    training ? choose("cudnnGetConvolutionBackwardFilterAlgorithm_v7", inDesc[i], outDesc[i], conv[i], filter[i]) : 0};
            }
        }

        /** The fastest algorithm by cuDNN's heuristics that runs in plain float math (unless TF32 is on). */
        private int choose(String function, long d1, long d2, long d3, long d4) {
            try (Arena a = Arena.ofConfined()) {
                int requested = 8;
                MemorySegment count = a.allocate(JAVA_INT);
                MemorySegment perf = a.allocate(48L * requested, 8); // cudnnConvolution*AlgoPerf_t: 48 bytes
                cuda.dnn(function, dnn, d1, d2, d3, d4, requested, count, perf);
                for (int k = 0; k < count.get(JAVA_INT, 0); k++) {
                    long base = 48L * k;
                    int algorithm = perf.get(JAVA_INT, base);
                    int status = perf.get(JAVA_INT, base + 4);
                    long memory = perf.get(JAVA_LONG, base + 16);
                    int math = perf.get(JAVA_INT, base + 28);
                    if (status == 0 && (tf32 || math == FMA_MATH || math == DEFAULT_MATH)) {
                        workspaceBytes = Math.max(workspaceBytes, memory);
                        return algorithm;
                    }
                }
                throw new IllegalStateException(function + " found no algorithm that runs in float32 math");
            }
        }

        private void pooling(int i, NetSpec.Layer l) {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment p = Cuda.out(a);
                cuda.dnn("cudnnCreatePoolingDescriptor", p);
                pool[i] = p.get(JAVA_LONG, 0);
                cuda.dnn("cudnnSetPooling2dDescriptor", pool[i], POOL_MAX, NOT_PROPAGATE_NAN, l.kernel(), l.kernel(), 0, 0,
                        l.kernel(), l.kernel());
            }
        }

        /** One step: replayed from its CUDA graph after the first, which runs call by call. */
        void run(boolean train) {
            if (!train) {
                forward(false);
                return;
            }
            if (graph != 0) {
                cuda.cu("cuGraphLaunch", graph, stream);
                return;
            }
            if (!graphs || runs++ <= 0) {
                forward(true);
                backward();
                update();
                return;
            }
            try (Arena a = Arena.ofConfined()) {
                MemorySegment p = Cuda.out(a);
                cuda.cu("cuStreamBeginCapture_v2", stream, 1); // thread-local capture mode
                try {
                    forward(true);
                    backward();
                    update();
                } finally {
                    cuda.cu("cuStreamEndCapture", stream, p);
                }
                long g = p.get(JAVA_LONG, 0);
                cuda.cu("cuGraphInstantiateWithFlags", p, g, 0L);
                graph = p.get(JAVA_LONG, 0);
                cuda.cu("cuGraphDestroy", g);
            } catch (IllegalStateException e) {
                // A library call that cannot be captured: run this batch size call by call from now on.
                graphFailure = e.getMessage();
                graph = 0;
                runs = Integer.MIN_VALUE;
                forward(true);
                backward();
                update();
                return;
            }
            cuda.cu("cuGraphLaunch", graph, stream);
        }

        void forward(boolean train) {
            List<NetSpec.Layer> layers = spec.layers();
            for (int i = 0; i < layers.size(); i++) {
                NetSpec.Layer l = layers.get(i);
                long in = i == 0 ? x : act[i - 1];
                switch (l.kind()) {
                    case CONV -> {
                        cuda.dnn("cudnnConvolutionForward", dnn, one, inDesc[i], in, filter[i], param(i, "W"), conv[i],
                                algo[i][0], workspace, workspaceBytes, zero, outDesc[i], act[i]);
                        cuda.dnn("cudnnAddTensor", dnn, one, bias[i], param(i, "b"), one, outDesc[i], act[i]);
                        launch("relu", n * l.outSize(), act[i], n * l.outSize());
                    }
                    case POOL -> cuda.dnn("cudnnPoolingForward", dnn, pool[i], one, inDesc[i], in, zero, outDesc[i], act[i]);
                    case BATCHNORM -> {
                        // cuDNN wants the tensor as NCHW with C channels: a dense layer's features are C x 1 x 1
                        long d = tensor(i, l);
                        if (train) {
                            cuda.dnn("cudnnBatchNormalizationForwardTraining", dnn, BN_SPATIAL, one, zero, d, in, d, act[i],
                                    bnDesc[i], param(i, "gamma"), param(i, "beta"), 1 - l.decay(), runMean[i], runVar[i],
                                    l.epsilon(), saveMean[i], saveInvVar[i]);
                        } else {
                            cuda.dnn("cudnnBatchNormalizationForwardInference", dnn, BN_SPATIAL, one, zero, d, in, d, act[i],
                                    bnDesc[i], param(i, "gamma"), param(i, "beta"), runMean[i], runVar[i], l.epsilon());
                        }
                    }
                    case DENSE, OUTPUT -> {
                        long src = in;
                        if (train && l.keep() < 1) {
                            launch("dropout", n * l.inSize(), in, dropped[i], dropMask[i], n * l.inSize(), (float) l.keep(),
                                    stepValues, i);
                            src = dropped[i];
                        }
                        cuda.blas("cublasSgemm_v2", blas, OP_T, OP_N, l.outC(), n, l.inSize(), one, param(i, "W"), l.inSize(),
                                src, l.inSize(), zero, act[i], l.outC());
                        launch("bias_relu", n * l.outC(), act[i], param(i, "b"), n, l.outC(), l.kind() == NetSpec.Kind.DENSE ? 1 : 0);
                    }
                }
            }
            int last = layers.size() - 1;
            if (train) {
                cuda.cu("cuMemsetD32Async", lossValue, 0, 1L, stream);
                launch("softmax_xent", n, act[last], labels, probs, dact[last], lossValue, n, 10);
            } else {
                launch("softmax", n, act[last], probs, n, 10);
            }
        }

        private long tensor(int i, NetSpec.Layer l) {
            return l.inH() * l.inW() > 1 ? inDesc[i] : outDesc[i];
        }

        void backward() {
            List<NetSpec.Layer> layers = spec.layers();
            for (int i = layers.size() - 1; i >= 0; i--) {
                NetSpec.Layer l = layers.get(i);
                long in = i == 0 ? x : act[i - 1];
                long dIn = i == 0 ? 0 : dact[i - 1];
                switch (l.kind()) {
                    case CONV -> {
                        launch("relu_backward", n * l.outSize(), act[i], dact[i], n * l.outSize());
                        cuda.dnn("cudnnConvolutionBackwardBias", dnn, one, outDesc[i], dact[i], zero, bias[i], grad(i, "b"));
                        cuda.dnn("cudnnConvolutionBackwardFilter", dnn, one, inDesc[i], in, outDesc[i], dact[i], conv[i],
                                algo[i][2], workspace, workspaceBytes, zero, filter[i], grad(i, "W"));
                        if (i > 0) {
                            cuda.dnn("cudnnConvolutionBackwardData", dnn, one, filter[i], param(i, "W"), outDesc[i], dact[i],
                                    conv[i], algo[i][1], workspace, workspaceBytes, zero, inDesc[i], dIn);
                        }
                    }
                    case POOL -> cuda.dnn("cudnnPoolingBackward", dnn, pool[i], one, outDesc[i], act[i], outDesc[i], dact[i],
                            inDesc[i], in, zero, inDesc[i], dIn);
                    case BATCHNORM -> {
                        long d = tensor(i, l);
                        cuda.dnn("cudnnBatchNormalizationBackward", dnn, BN_SPATIAL, one, zero, one, zero, d, in, d, dact[i], d,
                                dIn, bnDesc[i], param(i, "gamma"), grad(i, "gamma"), grad(i, "beta"), l.epsilon(),
                                saveMean[i], saveInvVar[i]);
                    }
                    case DENSE, OUTPUT -> {
                        if (l.kind() == NetSpec.Kind.DENSE) {
                            launch("relu_backward", n * l.outC(), act[i], dact[i], n * l.outC());
                        }
                        launch("bias_grad", l.outC(), dact[i], grad(i, "b"), n, l.outC());
                        long src = l.keep() < 1 ? dropped[i] : in;
                        cuda.blas("cublasSgemm_v2", blas, OP_N, OP_T, l.inSize(), l.outC(), n, one, src, l.inSize(),
                                dact[i], l.outC(), zero, grad(i, "W"), l.inSize());
                        if (i > 0) {
                            cuda.blas("cublasSgemm_v2", blas, OP_N, OP_N, l.inSize(), n, l.outC(), one, param(i, "W"),
                                    l.inSize(), dact[i], l.outC(), zero, dIn, l.inSize());
                            if (l.keep() < 1) {
                                launch("multiply", n * l.inSize(), dIn, dropMask[i], n * l.inSize());
                            }
                        }
                    }
                }
            }
        }

        void update() {
            float a = (float) switch (rule.kind()) {
                case "nesterovs" -> rule.momentum();
                case "rmsprop" -> rule.decay();
                default -> rule.beta1();
            };
            // the learning rate comes from stepValues, so a replayed graph takes each epoch's rate
            launch(rule.kind(), layout.params, params, grads, state[0], state[1], mask, layout.params, a,
                    (float) rule.beta2(), (float) rule.epsilon(), stepValues);
        }
    }

    @Override
    public void close() {
        try {
            finish();
            for (Plan p : trainPlans.values()) {
                if (p.graph != 0) {
                    cuda.cu("cuGraphExecDestroy", p.graph);
                }
            }
            cuda.dnn("cudnnDestroy", dnn);
            cuda.blas("cublasDestroy_v2", blas);
            cuda.cu("cuStreamDestroy_v2", stream);
            for (long d : deviceMemory) {
                cuda.cu("cuMemFree_v2", d);
            }
            for (MemorySegment m : hostMemory) {
                cuda.cu("cuMemFreeHost", m);
            }
        } finally {
            arena.close();
        }
    }
}
