package digits.engine.internal;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.common.util.ArrayUtil;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A stored network that also answers what its hidden layers see, for "not a digit": the
 * feature ensemble of Lee et al. (2018) reads every convolution and pooling from the first pooling
 * on (each channel averaged over the image) and the output layer's input. One pass, layer by
 * layer, closing each activation once the next layer has read it: DL4J's public alternatives
 * (feedForward, activateSelectedLayers) keep every activation until the garbage collector frees
 * it, which scoring the training set grew past 20 GB.
 */
final class FeatureNetwork extends MultiLayerNetwork {

    /** The layers whose outputs are read, the output layer's input last. */
    private final int[] probes;
    /** The output layer before its softmax: the logits from its input. */
    final SmallBatchDense logits;
    /** The layers run by {@link MaxPool2x2} instead of DL4J's pooling. */
    private final boolean[] pooled;
    /** Per layer, the {@link LaneLayer} that computes it (this network's own: one network per lane), or null. */
    private final LaneLayer[] own;
    /** The outputs of this network's lane layers and poolings, for batches up to {@link LaneLayer#MAX_BATCH}. */
    private final LaneOutputs outputs;

    private FeatureNetwork(MultiLayerNetwork trained) {
        super(trained.getLayerWiseConfigurations());
        init(trained.params(), false);
        probes = probes(this);
        logits = SmallBatchDense.logits(getLayer(getnLayers() - 1));
        pooled = new boolean[getnLayers()];
        for (int i = 0; i < pooled.length; i++) {
            pooled[i] = getLayerWiseConfigurations().getConf(i).getLayer() instanceof SubsamplingLayer s && MaxPool2x2.handles(s);
        }
        own = new LaneLayer[getnLayers()];
        for (int i = 0; i < own.length - 1; i++) {
            own[i] = LaneLayer.of(this, i);
        }
        outputs = new LaneOutputs(getnLayers());
    }

    /** On {@code net}'s weights, with lane layers of its own on them. */
    private FeatureNetwork(FeatureNetwork net) {
        super(net.getLayerWiseConfigurations());
        init(net.params(), false);
        probes = net.probes;
        logits = net.logits;
        pooled = net.pooled;
        own = new LaneLayer[net.own.length];
        for (int i = 0; i < own.length; i++) {
            own[i] = net.own[i] == null ? null : net.own[i].forAnotherLane();
        }
        outputs = new LaneOutputs(own.length);
    }

    /** Another network on the same weights (not copied), for a second thread to run at the same time. */
    static FeatureNetwork sharingWeights(FeatureNetwork net) {
        return new FeatureNetwork(net);
    }

    static FeatureNetwork of(MultiLayerNetwork trained) {
        return trained instanceof FeatureNetwork f ? f : new FeatureNetwork(trained);
    }

    private static int[] probes(MultiLayerNetwork net) {
        int n = net.getnLayers();
        List<Integer> out = new ArrayList<>();
        boolean afterPool = false;
        for (int i = 0; i < n - 2; i++) {
            var layer = net.getLayerWiseConfigurations().getConf(i).getLayer();
            afterPool |= layer instanceof SubsamplingLayer;
            if (afterPool && (layer instanceof SubsamplingLayer || layer instanceof ConvolutionLayer)) {
                out.add(i);
            }
        }
        out.add(n - 2);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** How many layers {@link #features} reads. */
    int probeCount() {
        return probes.length;
    }

    /**
     * What one pass reads, per probed layer {@code n x sizes[k]} values row by row (images
     * averaged per channel; the output layer's input, {@code n x features}, last), copied out of
     * ND4J's memory.
     */
    record Probes(float[][] rows, int[] sizes) {}

    /** One pass, its arrays allocated and freed; with {@code allLayers} false only the output layer's input is read. */
    Probes features(INDArray input, boolean allLayers) {
        return features(input, allLayers, LayerWorkspaceMgr.noWorkspaces());
    }

    /**
     * The workspace of a recognizer's lane: every array of its passes, sized by the largest pass
     * it has run, so that after the first passes none is allocated again (malloc and its
     * consolidation were a fifth of a lone image's pass). The arrays a pass answers live in it
     * until the next pass on the lane.
     */
    static final String LANE_WORKSPACE = "digits-recognizer-lane";
    static final WorkspaceConfiguration WORKSPACE = WorkspaceConfiguration.builder()
            .initialSize(0).overallocationLimit(0.05)
            .policyLearning(LearningPolicy.OVER_TIME).cyclesBeforeInitialization(2)
            .policyAllocation(AllocationPolicy.OVERALLOCATE).policyReset(ResetPolicy.BLOCK_LEFT)
            .policySpill(SpillPolicy.REALLOCATE).build();
    static final LayerWorkspaceMgr IN_LANE_WORKSPACE = LayerWorkspaceMgr.builder().defaultWorkspace(LANE_WORKSPACE, WORKSPACE).build();
    private static volatile MemoryWorkspace noLane;

    /** A new lane's workspace, its memory its own (not any thread's). */
    static MemoryWorkspace laneWorkspace() {
        return Nd4j.getWorkspaceManager().createNewWorkspace(WORKSPACE, LANE_WORKSPACE);
    }

    /** An empty workspace a thread maps the lane name to between passes, so that it keeps no lane's memory alive. */
    static MemoryWorkspace noLaneWorkspace() {
        MemoryWorkspace w = noLane;
        if (w == null) {
            w = Nd4j.getWorkspaceManager().createNewWorkspace(WORKSPACE, LANE_WORKSPACE + "-none");
            noLane = w;
        }
        return w;
    }

    /** One pass with {@code mgr}'s memory: without {@code allLayers}, recognition with a score that reads no hidden layer. */
    Probes features(INDArray input, boolean allLayers, LayerWorkspaceMgr mgr) {
        int last = probes[probes.length - 1];
        int count = allLayers ? probes.length : 1;
        float[][] rows = new float[count][];
        int[] sizes = new int[count];
        INDArray current = input;
        for (int i = 0, p = 0, k = 0; i <= last; i++) {
            InputPreProcessor pre = getLayerWiseConfigurations().getInputPreProcess(i);
            INDArray in = pre == null ? current : preprocessed(i, pre, current, mgr);
            INDArray a = layer(i, in, mgr);
            if (i == probes[p]) {
                if (allLayers || i == last) {
                    sizes[k] = (int) a.size(1);
                    rows[k++] = a.rank() == 4 ? channelMeans(a) : InPlace.floats(a);
                }
                p++;
            }
            release(current, input, a);
            if (in != current) {
                release(in, input, a);
            }
            current = a;
        }
        release(current, input, null);
        return new Probes(rows, sizes);
    }

    /** Preprocessor {@code pre}'s output for {@code x}: a kept view where it only reshapes a small batch's C-ordered block. */
    private INDArray preprocessed(int i, InputPreProcessor pre, INDArray x, LayerWorkspaceMgr mgr) {
        long n = x.size(0);
        long[] shape = null;
        if (pre instanceof FeedForwardToCnnPreProcessor p && x.rank() == 2) { // to NCHW, the only layout it makes
            shape = new long[] {n, p.getNumChannels(), p.getInputHeight(), p.getInputWidth()};
        } else if (pre instanceof CnnToFeedForwardPreProcessor p && p.getFormat() == CNN2DFormat.NCHW && x.rank() == 4) {
            shape = new long[] {n, x.length() / n};
        }
        if (shape != null && n <= LaneLayer.MAX_BATCH && InPlace.isCOrderedBlock(x)
                && ArrayUtil.prodLong(shape) == x.length()) {
            return outputs.view(i, x, shape);
        }
        return pre.preProcess(x, (int) n, mgr);
    }

    /** Layer {@code i}'s output for {@code in}: a lane layer's or a pooling's into an array of {@link #outputs} where it can. */
    private INDArray layer(int i, INDArray in, LayerWorkspaceMgr mgr) {
        if (pooled[i]) {
            if (in.size(0) > LaneLayer.MAX_BATCH) {
                return MaxPool2x2.apply(in);
            }
            INDArray out = outputs.of(i, MaxPool2x2.pooledShape(in));
            MaxPool2x2.pool(in, out);
            return out;
        }
        if (own[i] != null && own[i].handles(in.size(0))) {
            INDArray out = outputs.of(i, own[i].outputShape(in.shape()));
            own[i].apply(in, out);
            return out;
        }
        return getLayer(i).activate(in, false, mgr);
    }

    /** {@code n x c x h x w} to {@code n x c} means, read in place (an ND4J reduction per layer costs more than the sums). */
    static float[] channelMeans(INDArray a) {
        INDArray x = InPlace.cOrdered(a);
        int planes = Math.toIntExact(x.size(0) * x.size(1));
        int area = Math.toIntExact(x.size(2) * x.size(3));
        InPlace.Floats data = InPlace.Floats.of(x);
        float[] plane = new float[area];
        float[] out = new float[planes];
        for (int p = 0; p < planes; p++) {
            data.get(p * area, plane);
            float sum = 0;
            for (float v : plane) {
                sum += v;
            }
            out[p] = sum / area;
        }
        return out;
    }

    private void release(INDArray x, INDArray keep, INDArray next) {
        // A layer may hand back a view of what it read (same buffer): that one stays open, as do the
        // input's memory and the lane's kept arrays (views of either included).
        if (x != keep && x.closeable() && (next == null || next.data() != x.data()) && x.data() != keep.data()
                && !outputs.owns(x)) {
            x.close();
        }
    }
}
