package digits.engine.internal;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

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

    private FeatureNetwork(MultiLayerNetwork trained) {
        super(trained.getLayerWiseConfigurations());
        init(trained.params(), false);
        probes = probes(this);
    }

    static FeatureNetwork of(MultiLayerNetwork trained) {
        return trained instanceof FeatureNetwork f ? f : new FeatureNetwork(trained);
    }

    private static int[] probes(MultiLayerNetwork net) {
        int n = net.getnLayers();
        List<Integer> out = new ArrayList<>();
        boolean pooled = false;
        for (int i = 0; i < n - 2; i++) {
            var layer = net.getLayerWiseConfigurations().getConf(i).getLayer();
            pooled |= layer instanceof SubsamplingLayer;
            if (pooled && (layer instanceof SubsamplingLayer || layer instanceof ConvolutionLayer)) {
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
     * For a batch, {@code n x channels} per probed layer (images averaged per channel), the
     * output layer's input ({@code n x features}) last.
     */
    List<INDArray> features(INDArray input) {
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        List<INDArray> out = new ArrayList<>(probes.length);
        int last = probes[probes.length - 1];
        INDArray current = input;
        for (int i = 0, p = 0; i <= last; i++) {
            InputPreProcessor pre = getLayerWiseConfigurations().getInputPreProcess(i);
            INDArray in = pre == null ? current : pre.preProcess(current, (int) input.size(0), mgr);
            INDArray a = getLayer(i).activate(in, false, mgr);
            if (i == probes[p]) {
                out.add(a.rank() == 4 ? a.mean(2, 3) : a.dup('c'));
                p++;
            }
            release(current, input, a);
            if (in != current) {
                release(in, input, a);
            }
            current = a;
        }
        release(current, input, null);
        return out;
    }

    private static void release(INDArray x, INDArray keep, INDArray next) {
        // A layer may hand back a view of what it read (same buffer): that one stays open.
        if (x != keep && x.closeable() && (next == null || next.data() != x.data())) {
            x.close();
        }
    }
}
