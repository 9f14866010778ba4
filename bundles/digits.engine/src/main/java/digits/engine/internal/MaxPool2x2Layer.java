package digits.engine.internal;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's pooling layer with its forward and backward passes through {@link MaxPool2x2}, for
 * training: DL4J sends both to oneDNN's reference kernel, a fifth of the busy time of a training
 * step at batch 32. It replaces the layer object in a built network only; the network's
 * configuration, and so every model file, stays DL4J's own.
 */
final class MaxPool2x2Layer extends SubsamplingLayer {

    private MaxPool2x2Layer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** Replaces each pooling layer of {@code net} that {@link MaxPool2x2} computes; answers how many. */
    static int installIn(MultiLayerNetwork net) {
        Layer[] layers = net.getLayers();
        int installed = 0;
        for (int i = 0; i < layers.length; i++) {
            if (layers[i].getClass() == SubsamplingLayer.class
                    && layers[i].conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.SubsamplingLayer conf
                    && MaxPool2x2.handles(conf)) {
                MaxPool2x2Layer ours = new MaxPool2x2Layer(layers[i].conf(), net.getLayerWiseConfigurations().getDataType());
                ours.setIndex(layers[i].getIndex());
                ours.setListeners(layers[i].getListeners());
                layers[i] = ours;
                installed++;
            }
        }
        return installed;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        if (!computes(input)) {
            return super.activate(training, workspaceMgr);
        }
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, MaxPool2x2.pooledShape(input), 'c');
        MaxPool2x2.pool(input, out);
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        if (!computes(input) || epsilon.dataType() != DataType.FLOAT) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        INDArray grad = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape(), 'c');
        MaxPool2x2.unpool(input, epsilon, grad);
        return new Pair<>(new DefaultGradient(), grad);
    }

    private static boolean computes(INDArray input) {
        return input.rank() == 4 && input.dataType() == DataType.FLOAT;
    }
}
