package digits.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.engine.internal.keras.KerasModel;
import digits.engine.internal.keras.KerasReader;
import digits.engine.internal.keras.KerasWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.AdaMax;

/** The layout conversions between Keras and DL4J, checked element by element. */
class KerasNetworksTest {

    static final Path REFERENCE = Path.of("../../../shared/data/reference/model_epoch_50.keras");

    /**
     * Every parameter of each architecture set to random values (batch-norm statistics too), then
     * written as Keras and read back: the same outputs within float rounding.
     */
    @Test
    void eachArchitectureWrittenAsKerasAndReadBackComputesTheSame(@TempDir Path dir) throws Exception {
        for (String architecture : Networks.NAMES) {
            MultiLayerNetwork net = new MultiLayerNetwork(Networks.build(architecture, new AdaMax(1e-3), 3));
            net.init();
            Nd4j.getRandom().setSeed(11);
            net.setParams(Nd4j.rand(DataType.FLOAT, 1, net.numParams()).subi(0.5).muli(0.2));
            // small variances, as training leaves them, where epsilon's place matters
            for (int i = 0; i < net.getnLayers(); i++) {
                INDArray logStd = net.getLayer(i).paramTable().get("log10stdev");
                if (logStd != null) {
                    logStd.assign(Nd4j.rand(DataType.FLOAT, logStd.shape()).subi(3));
                }
            }
            Path file = dir.resolve(architecture + ".keras");
            KerasWriter.write(KerasNetworks.fromNetwork(net), file);
            MultiLayerNetwork back = KerasNetworks.toNetwork(KerasReader.readArchive(file), file.getFileName().toString());
            assertEquals(net.numParams(), back.numParams(), architecture);
            INDArray input = Nd4j.rand(DataType.FLOAT, 64, 784);
            INDArray a = net.output(input, false);
            INDArray b = back.output(input, false);
            double diff = a.sub(b).amaxNumber().doubleValue();
            assertTrue(diff < 1e-5, architecture + ": outputs differ by " + diff);
        }
    }

    /**
     * Adamax's moments land where DL4J's updater keeps them: checked on the first dense layer,
     * whose rows are reordered from Keras's H,W,C flattening to DL4J's C,H,W.
     */
    @Test
    void theReferenceArchiveBringsItsAdamaxStateInDl4jLayout() throws Exception {
        KerasModel model = KerasReader.readArchive(REFERENCE);
        MultiLayerNetwork net = KerasNetworks.toNetwork(model, "reference");
        assertEquals(223_274, net.numParams());
        assertEquals(75_000, net.getIterationCount(), "Keras's iteration count, for Adamax's bias correction");
        // the dense layer after Flatten: DL4J layer 4; Keras trainable variable 4 (conv, conv, dense kernel)
        KerasModel.Tensor[] moments = model.optimizer().slots().get(4);
        BaseMultiLayerUpdater<?> updater = (BaseMultiLayerUpdater<?>) net.getUpdater();
        UpdaterBlock block = updater.getUpdaterBlocks().get(0);
        long n = block.getUpdaterView().length() / 2;
        long offset = 0;
        for (UpdaterBlock.ParamState ps : block.getLayersAndVariablesInBlock()) {
            if (ps.getLayer() == net.getLayer(4) && ps.getParamName().equals("W")) {
                break;
            }
            offset += ps.getParamView().length();
        }
        INDArray w = net.getLayer(4).getParam("W");
        int h = 3, x = 1, c = 17, unit = 5;
        int kerasRow = (h * 5 + x) * 64 + c;
        int dl4jRow = c * 25 + h * 5 + x;
        // DL4J's dense weights are 'f' ordered: element (row, unit) sits at row + unit * rows
        long flat = w.ordering() == 'f' ? dl4jRow + (long) unit * w.size(0) : (long) dl4jRow * w.size(1) + unit;
        for (int m = 0; m < 2; m++) {
            float expected = moments[m].data()[kerasRow * 128 + unit];
            float actual = block.getUpdaterView().reshape(block.getUpdaterView().length()).getFloat(m * n + offset + flat);
            assertEquals(expected, actual, 0f, m == 0 ? "first moment" : "second moment");
        }
        // and the weights themselves follow the same reordering
        float kernel = model.layers().stream().filter(l -> l.name().equals("dense")).findFirst().orElseThrow()
                .vars().get(0).data()[kerasRow * 128 + unit];
        assertEquals(kernel, w.getFloat(dl4jRow, unit), 0f);
        assertTrue(Files.isRegularFile(REFERENCE));
    }
}
