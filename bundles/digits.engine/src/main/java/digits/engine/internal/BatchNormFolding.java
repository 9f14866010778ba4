package digits.engine.internal;

import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The network a recognizer runs: the trained one with every batch normalisation folded into
 * weights, so inference does one layer fewer per normalisation and the same arithmetic.
 *
 * <p>The workbench's networks apply ReLU before batch normalisation (see {@link Networks}), so a
 * normalisation cannot be folded backwards into the convolution it follows (the ReLU is between
 * them). At inference it is a per-channel affine map {@code y = a x + b}, and it folds forwards
 * into the next convolution or dense layer: that layer's weights are scaled by {@code a} per input
 * channel and its bias gains the weights' response to {@code b}. That is exact when the next
 * convolution has no padding (a padded border would see {@code b} instead of 0) and, with a max
 * pooling between them, when no {@code a} is negative (max(a x + b) = a max(x) + b for a >= 0). A
 * normalisation that meets neither condition is kept as it is, and so is one feeding the output
 * layer: the features it hands that layer are what the model's "not a digit" statistics describe.
 */
final class BatchNormFolding {

    private BatchNormFolding() {}

    /** A new network computing what {@code trained} computes at inference, with fewer layers. */
    static MultiLayerNetwork fold(MultiLayerNetwork trained) {
        MultiLayerConfiguration conf = trained.getLayerWiseConfigurations();
        int n = conf.getConfs().size();
        // For each layer that absorbs a normalisation: the normalisation's per-channel scale and shift.
        Map<Integer, float[][]> absorbed = new HashMap<>();
        boolean[] dropped = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (i == 0 || !(layer(conf, i) instanceof BatchNormalization)) {
                continue;
            }
            int target = i + 1;
            float[][] ab = affine(trained, i);
            if (target < n && layer(conf, target) instanceof SubsamplingLayer s
                    && s.getPoolingType() == org.deeplearning4j.nn.conf.layers.PoolingType.MAX && nonNegative(ab[0])) {
                target++;
            }
            // The output layer's input stays as trained: calibration reads its features there.
            if (target < n - 1 && !absorbed.containsKey(target) && canAbsorb(conf, target)) {
                absorbed.put(target, ab);
                dropped[i] = true;
            }
        }

        MultiLayerConfiguration folded = conf.clone();
        folded.getConfs().clear();
        Map<Integer, InputPreProcessor> pre = new HashMap<>();
        int[] newIndex = new int[n];
        for (int i = 0, j = 0; i < n; i++) {
            if (dropped[i]) {
                continue;
            }
            newIndex[i] = j;
            folded.getConfs().add(conf.getConf(i).clone());
            if (conf.getInputPreProcess(i) != null) {
                pre.put(j, conf.getInputPreProcess(i).clone());
            }
            j++;
        }
        folded.setInputPreProcessors(pre);
        MultiLayerNetwork net = new MultiLayerNetwork(folded);
        net.init();
        for (int i = 0; i < n; i++) {
            if (dropped[i]) {
                continue;
            }
            var from = trained.getLayer(i);
            var to = net.getLayer(newIndex[i]);
            for (Map.Entry<String, INDArray> p : from.paramTable().entrySet()) {
                to.setParam(p.getKey(), p.getValue().dup());
            }
            float[][] ab = absorbed.get(i);
            if (ab != null) {
                absorb(conf, i, to.getParam("W"), to.getParam("b"), ab[0], ab[1]);
            }
        }
        return net;
    }

    private static Layer layer(MultiLayerConfiguration conf, int i) {
        return conf.getConf(i).getLayer();
    }

    private static boolean nonNegative(float[] a) {
        for (float v : a) {
            if (v < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean canAbsorb(MultiLayerConfiguration conf, int i) {
        Layer l = layer(conf, i);
        if (l instanceof ConvolutionLayer c) {
            return c.getClass() == ConvolutionLayer.class && c.getConvolutionMode() != ConvolutionMode.Same
                    && c.getPadding()[0] == 0 && c.getPadding()[1] == 0 && c.hasBias();
        }
        InputPreProcessor p = conf.getInputPreProcess(i);
        return l instanceof DenseLayer
                && (p == null || p instanceof CnnToFeedForwardPreProcessor c && c.getFormat() == CNN2DFormat.NCHW);
    }

    /**
     * The normalisation's inference map per channel, {@code a} and {@code b}, read off the layer
     * itself (its output for inputs 0 and 1), so whatever the layer stores (variance or log10 of
     * the standard deviation) and however it adds epsilon, the fold matches it.
     */
    static float[][] affine(MultiLayerNetwork net, int i) {
        var bn = net.getLayer(i);
        long channels = ((BatchNormalization) layer(net.getLayerWiseConfigurations(), i)).getNOut();
        boolean images = net.getLayerWiseConfigurations().getConf(i - 1).getLayer() instanceof ConvolutionLayer
                || net.getLayerWiseConfigurations().getConf(i - 1).getLayer() instanceof SubsamplingLayer;
        float[] zeroThenOne = new float[(int) (2 * channels)];
        java.util.Arrays.fill(zeroThenOne, (int) channels, zeroThenOne.length, 1f);
        INDArray x = Nd4j.create(zeroThenOne, images ? new long[] {2, channels, 1, 1} : new long[] {2, channels}, 'c');
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        bn.setInput(x, mgr);
        INDArray y = bn.activate(false, mgr).reshape(2, channels);
        float[] b = y.getRow(0).toFloatVector();
        float[] a = y.getRow(1).sub(y.getRow(0)).toFloatVector();
        bn.clear();
        return new float[][] {a, b};
    }

    /** Folds {@code y = a x + b} on this layer's input channels into its weights and bias, in place. */
    private static void absorb(MultiLayerConfiguration conf, int i, INDArray weights, INDArray bias, float[] a, float[] b) {
        float[] w = weights.dup('c').data().asFloat();
        float[] bs = bias.dup('c').data().asFloat();
        double[] extra = new double[bs.length];
        if (layer(conf, i) instanceof ConvolutionLayer) {
            // W is [out, in, kh, kw]
            long[] s = weights.shape();
            int out = (int) s[0], in = (int) s[1], k = (int) (s[2] * s[3]);
            for (int o = 0; o < out; o++) {
                for (int c = 0; c < in; c++) {
                    int base = (o * in + c) * k;
                    for (int t = 0; t < k; t++) {
                        extra[o] += (double) w[base + t] * b[c];
                        w[base + t] *= a[c];
                    }
                }
            }
        } else {
            // W is [in, out]; after a flattening of C x H x W each channel spans H*W inputs
            long[] s = weights.shape();
            int in = (int) s[0], out = (int) s[1];
            int perChannel = in / a.length;
            for (int r = 0; r < in; r++) {
                int c = r / perChannel;
                for (int o = 0; o < out; o++) {
                    extra[o] += (double) w[r * out + o] * b[c];
                    w[r * out + o] *= a[c];
                }
            }
        }
        for (int o = 0; o < bs.length; o++) {
            bs[o] += (float) extra[o];
        }
        weights.assign(Nd4j.create(w, weights.shape(), 'c'));
        bias.assign(Nd4j.create(bs, bias.shape(), 'c'));
    }
}
