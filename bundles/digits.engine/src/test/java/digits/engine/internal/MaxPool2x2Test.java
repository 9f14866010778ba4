package digits.engine.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.AdaMax;

/** Inference's max pooling against DL4J's own pooling layer, on the shapes our networks have and odd ones. */
class MaxPool2x2Test {

    @Test
    void poolsAsDl4jDoes() {
        for (long[] shape : new long[][] {{3, 16, 26, 26}, {1, 64, 11, 11}, {5, 32, 24, 24}, {2, 3, 7, 4}}) {
            MultiLayerNetwork net = pooling(SubsamplingLayer.PoolingType.MAX);
            Nd4j.getRandom().setSeed(shape[1]);
            INDArray x = Nd4j.randn(DataType.FLOAT, shape).subi(0.5);
            INDArray expected = net.getLayer(0).activate(x.dup(), false, LayerWorkspaceMgr.noWorkspaces());
            INDArray actual = MaxPool2x2.apply(x);
            assertArrayEquals(expected.shape(), actual.shape(), "shape for " + java.util.Arrays.toString(shape));
            assertArrayEquals(expected.dup('c').data().asFloat(), actual.data().asFloat(), "values for " + java.util.Arrays.toString(shape));
        }
    }

    @Test
    void readsAViewAsTheArrayItShows() {
        MultiLayerNetwork net = pooling(SubsamplingLayer.PoolingType.MAX);
        INDArray all = Nd4j.randn(DataType.FLOAT, 6, 8, 12, 12);
        INDArray view = all.get(NDArrayIndex.interval(2, 5), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
        INDArray expected = net.getLayer(0).activate(view.dup(), false, LayerWorkspaceMgr.noWorkspaces());
        assertArrayEquals(expected.dup('c').data().asFloat(), MaxPool2x2.apply(view).data().asFloat());
    }

    @Test
    void itsGradientIsDl4jsOwn() {
        for (long[] shape : new long[][] {{3, 16, 26, 26}, {2, 64, 11, 11}, {2, 3, 7, 5}}) {
            MultiLayerNetwork theirs = pooling(SubsamplingLayer.PoolingType.MAX);
            MultiLayerNetwork ours = pooling(SubsamplingLayer.PoolingType.MAX);
            assertEquals(1, MaxPool2x2Layer.installIn(ours));
            Nd4j.getRandom().setSeed(shape[1] + shape[2]);
            INDArray x = Nd4j.randn(DataType.FLOAT, shape);
            if (shape[1] == 64) {
                // ties, as after a ReLU and more: a window's gradient goes to one of its maxima only
                x = org.nd4j.linalg.ops.transforms.Transforms.relu(x.muli(2), false);
                x = org.nd4j.linalg.ops.transforms.Transforms.round(x, false);
            }
            INDArray epsilon = Nd4j.randn(DataType.FLOAT, shape[0], shape[1], shape[2] / 2, shape[3] / 2);
            String at = " for " + java.util.Arrays.toString(shape);
            INDArray[] expected = forwardAndBack(theirs, x, epsilon);
            INDArray[] actual = forwardAndBack(ours, x, epsilon);
            assertArrayEquals(expected[0].dup('c').data().asFloat(), actual[0].dup('c').data().asFloat(), "pooled" + at);
            assertArrayEquals(expected[1].shape(), actual[1].shape(), "gradient's shape" + at);
            assertArrayEquals(expected[1].dup('c').data().asFloat(), actual[1].dup('c').data().asFloat(), "gradient" + at);
        }
    }

    @Test
    void aNetworkTrainsWithItAsWithDl4jsPooling() {
        // the reference CNN, a few steps on the same batches: the same weights after them
        MultiLayerNetwork theirs = new MultiLayerNetwork(Networks.build(Networks.REFERENCE, new AdaMax(1e-3), 5));
        theirs.init();
        MultiLayerNetwork ours = new MultiLayerNetwork(Networks.build(Networks.REFERENCE, new AdaMax(1e-3), 5));
        ours.init();
        assertEquals(2, MaxPool2x2Layer.installIn(ours));
        float[] initial = theirs.params().dup().data().asFloat();
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.rand(DataType.FLOAT, 32, 784);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 32, 10);
        for (int i = 0; i < 32; i++) {
            y.putScalar(i, i % 10, 1f);
        }
        for (MultiLayerNetwork net : new MultiLayerNetwork[] {theirs, ours}) {
            Nd4j.getRandom().setSeed(11); // the same dropout masks
            for (int step = 0; step < 4; step++) {
                net.fit(x, y);
            }
        }
        float[] expected = theirs.params().dup().data().asFloat();
        float[] actual = ours.params().dup().data().asFloat();
        assertFalse(java.util.Arrays.equals(initial, expected), "the steps changed the weights");
        assertArrayEquals(expected, actual, 1e-5f, "weights after four steps");
    }

    private static INDArray[] forwardAndBack(MultiLayerNetwork net, INDArray x, INDArray epsilon) {
        var layer = net.getLayer(0);
        layer.setInput(x.dup(), LayerWorkspaceMgr.noWorkspaces());
        INDArray out = layer.activate(true, LayerWorkspaceMgr.noWorkspaces());
        INDArray grad = layer.backpropGradient(epsilon.dup(), LayerWorkspaceMgr.noWorkspaces()).getSecond();
        return new INDArray[] {out, grad};
    }

    @Test
    void takesOnlyWhatItComputesExactly() {
        assertTrue(MaxPool2x2.handles(layer(PoolingType.MAX, 2, 2)));
        assertFalse(MaxPool2x2.handles(layer(PoolingType.AVG, 2, 2)));
        assertFalse(MaxPool2x2.handles(layer(PoolingType.MAX, 3, 2)));
        assertFalse(MaxPool2x2.handles(layer(PoolingType.MAX, 2, 1)));
    }

    private static SubsamplingLayer layer(PoolingType type, int kernel, int stride) {
        return new SubsamplingLayer.Builder(type).kernelSize(kernel, kernel).stride(stride, stride).build();
    }

    private static MultiLayerNetwork pooling(SubsamplingLayer.PoolingType type) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new SubsamplingLayer.Builder(type).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(1, 1).nOut(1).build())
                .setInputType(InputType.convolutional(28, 28, 3)).build());
        net.init();
        return net;
    }
}
