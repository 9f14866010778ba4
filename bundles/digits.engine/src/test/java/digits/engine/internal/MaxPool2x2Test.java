package digits.engine.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
