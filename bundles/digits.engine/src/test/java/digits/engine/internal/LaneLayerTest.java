package digits.engine.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Inference's own layers against the DL4J layers they stand for, on our networks' shapes and others. */
class LaneLayerTest {

    /** A convolution case: in channels, out channels, kernel, stride, padding, mode, activation, bias, input size. */
    private record Conv(int in, int out, int kernel, int stride, int padding, ConvolutionMode mode, Activation activation,
            boolean bias, int size, Class<?> computedBy) {}

    @Test
    void convolutionsComputeWhatDl4jsLayerDoes() {
        Conv[] cases = {
            new Conv(1, 32, 3, 1, 0, ConvolutionMode.Truncate, Activation.RELU, true, 28, FewChannelConvolution.class),
            new Conv(2, 5, 3, 1, 0, ConvolutionMode.Truncate, Activation.IDENTITY, false, 9, FewChannelConvolution.class),
            new Conv(1, 4, 5, 1, 0, ConvolutionMode.Strict, Activation.RELU, true, 12, FewChannelConvolution.class),
            new Conv(32, 64, 3, 1, 0, ConvolutionMode.Truncate, Activation.RELU, true, 12, OneDnnConvolution.class),
            new Conv(1, 8, 3, 2, 1, ConvolutionMode.Truncate, Activation.RELU, true, 28, OneDnnConvolution.class),
            new Conv(3, 6, 3, 1, 0, ConvolutionMode.Same, Activation.IDENTITY, true, 7, OneDnnConvolution.class),
            new Conv(3, 6, 3, 2, 0, ConvolutionMode.Same, Activation.RELU, false, 7, OneDnnConvolution.class),
        };
        for (Conv c : cases) {
            MultiLayerNetwork net = convolution(c);
            LaneLayer lane = LaneLayer.of(net, 0);
            assertEquals(c.computedBy(), lane.getClass(), c.toString());
            for (int n : new int[] {1, 3}) {
                Nd4j.getRandom().setSeed(n + c.in());
                INDArray x = Nd4j.randn(DataType.FLOAT, n, c.in(), c.size(), c.size());
                assertClose(dl4j(net, x), applied(lane, x), c + ", " + n + " images");
            }
        }
    }

    @Test
    void aConvolutionReadsViewsAndKeepsNoStateBetweenShapes() {
        // one lane's instance across input sizes (its scratch arrays resized), a view, and a second lane
        MultiLayerNetwork net = convolution(new Conv(1, 16, 3, 1, 0, ConvolutionMode.Truncate, Activation.RELU, true, 28, null));
        LaneLayer lane = LaneLayer.of(net, 0);
        LaneLayer other = lane.forAnotherLane();
        Nd4j.getRandom().setSeed(3);
        INDArray all = Nd4j.randn(DataType.FLOAT, 6, 1, 28, 28);
        INDArray view = all.get(NDArrayIndex.interval(2, 5), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
        INDArray small = Nd4j.randn(DataType.FLOAT, 2, 1, 12, 12).addi(3);
        assertClose(dl4j(net, view), applied(lane, view), "a view");
        assertClose(dl4j(net, small), applied(lane, small), "12x12 after 28x28");
        assertClose(dl4j(net, all), applied(lane, all), "28x28 after 12x12");
        assertClose(dl4j(net, all), applied(other, all), "another lane's");
    }

    @Test
    void batchNormalisationsLeftUnfoldedComputeWhatDl4jsLayerDoes() {
        // after a dense layer (as in the deep network, before its output layer) and after a convolution
        for (boolean images : new boolean[] {false, true}) {
            var list = new NeuralNetConfiguration.Builder().seed(1).list();
            list.layer(images ? new ConvolutionLayer.Builder(3, 3).nOut(6).activation(Activation.RELU).build()
                    : new DenseLayer.Builder().nOut(20).activation(Activation.RELU).build());
            list.layer(new BatchNormalization.Builder().build());
            MultiLayerNetwork net = new MultiLayerNetwork(list.setInputType(
                    images ? InputType.convolutional(8, 8, 2) : InputType.feedForward(12)).build());
            net.init();
            var bn = net.getLayer(1);
            long channels = bn.getParam("gamma").length();
            Nd4j.getRandom().setSeed(channels);
            bn.setParam("gamma", Nd4j.randn(DataType.FLOAT, 1, channels));
            bn.setParam("beta", Nd4j.randn(DataType.FLOAT, 1, channels));
            bn.setParam("mean", Nd4j.randn(DataType.FLOAT, 1, channels));
            bn.setParam("var", Nd4j.rand(DataType.FLOAT, 1, channels).addi(0.1));
            LaneLayer lane = LaneLayer.of(net, 1);
            assertEquals(ChannelAffine.class, lane.getClass());
            INDArray x = images ? Nd4j.randn(DataType.FLOAT, 3, channels, 6, 6) : Nd4j.randn(DataType.FLOAT, 3, channels);
            INDArray expected = net.getLayer(1).activate(x.dup(), false, LayerWorkspaceMgr.noWorkspaces());
            assertClose(expected, applied(lane, x), images ? "after a convolution" : "after a dense layer");
        }
    }

    @Test
    void aLanesPassesOverItsKeptOutputsAgreeWithDl4jAtEveryBatchSize() {
        // one lane's network, its layer outputs kept from pass to pass (LaneOutputs), over batch
        // sizes that grow, shrink and come back, and past the lane layers' largest
        var list = new NeuralNetConfiguration.Builder().seed(5).list();
        list.layer(new ConvolutionLayer.Builder(3, 3).nOut(8).activation(Activation.RELU).build());
        list.layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build());
        list.layer(new ConvolutionLayer.Builder(3, 3).nOut(12).activation(Activation.RELU).build());
        list.layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build());
        list.layer(new DenseLayer.Builder().nOut(24).activation(Activation.RELU).build());
        list.layer(new BatchNormalization.Builder().build());
        list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build());
        MultiLayerNetwork trained = new MultiLayerNetwork(list.setInputType(InputType.convolutionalFlat(28, 28, 1)).build());
        trained.init();
        Nd4j.getRandom().setSeed(11);
        for (int i = 0; i < trained.getnLayers(); i++) {
            for (var e : trained.getLayer(i).paramTable().entrySet()) {
                boolean variance = e.getKey().equals("var");
                trained.getLayer(i).setParam(e.getKey(), variance ? Nd4j.rand(DataType.FLOAT, e.getValue().shape()).addi(0.5)
                        : Nd4j.randn(DataType.FLOAT, e.getValue().shape()).muli(0.3));
            }
        }
        FeatureNetwork lane = FeatureNetwork.sharingWeights(FeatureNetwork.of(trained));
        MemoryWorkspace workspace = FeatureNetwork.laneWorkspace();
        int seed = 0;
        for (int n : new int[] {32, 5, 1, 32, 17, 40, 3}) {
            Nd4j.getRandom().setSeed(++seed);
            INDArray batch = Nd4j.rand(DataType.FLOAT, n, 784);
            INDArray expected = trained.output(batch.dup(), false);
            Forward pass = Forward.of(lane, batch, true, workspace);
            for (int i = 0; i < n; i++) {
                float[] p = Confidence.softmax(pass.logitRow(i), 1); // the recognizer's own softmax, uncalibrated
                for (int k = 0; k < 10; k++) {
                    assertEquals(expected.getFloat(i, k), p[k], 1e-5, n + " images, image " + i + ", class " + k);
                }
            }
        }
    }

    @Test
    void layersItCannotComputeAreLeftToDl4j() {
        assertNull(LaneLayer.of(convolution(new Conv(1, 4, 3, 1, 0, ConvolutionMode.Truncate, Activation.TANH, true, 8, null)), 0));
    }

    private static MultiLayerNetwork convolution(Conv c) {
        var list = new NeuralNetConfiguration.Builder().seed(c.out()).list();
        list.layer(new ConvolutionLayer.Builder(c.kernel(), c.kernel()).nIn(c.in()).nOut(c.out()).stride(c.stride(), c.stride())
                .padding(c.padding(), c.padding()).convolutionMode(c.mode()).activation(c.activation()).hasBias(c.bias()).build());
        MultiLayerNetwork net = new MultiLayerNetwork(list.setInputType(InputType.convolutional(c.size(), c.size(), c.in())).build());
        net.init();
        if (c.bias()) {
            net.getLayer(0).setParam("b", Nd4j.randn(DataType.FLOAT, 1, c.out()));
        }
        return net;
    }

    /** {@code lane}'s output for {@code x} in a new array. */
    private static INDArray applied(LaneLayer lane, INDArray x) {
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, lane.outputShape(x.shape()));
        lane.apply(x, out);
        return out;
    }

    private static INDArray dl4j(MultiLayerNetwork net, INDArray x) {
        return net.getLayer(0).activate(x.dup(), false, LayerWorkspaceMgr.noWorkspaces());
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        float[] e = expected.dup('c').data().asFloat();
        float[] a = actual.dup('c').data().asFloat();
        for (int i = 0; i < e.length; i++) {
            if (Math.abs(e[i] - a[i]) > 1e-5 * Math.max(1, Math.abs(e[i]))) {
                throw new AssertionError(what + ": value " + i + " is " + a[i] + ", DL4J's " + e[i]
                        + " (first values " + Arrays.toString(Arrays.copyOf(a, 4)) + ")");
            }
        }
    }
}
