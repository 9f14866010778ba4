package digits.engine.cudnn.internal;

import digits.engine.accelerator.TrainingAccelerator;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The cuDNN engine as the DL4J trainer sees it: it takes the network DL4J initialised (or restored
 * from a checkpoint, updater state included), runs its training steps on the GPU, and writes the
 * parameters, updater state and iteration back whenever the trainer validates, checkpoints or
 * saves. The libraries are opened at the first run, not at activation, so a failure costs that run
 * its GPU (it trains on the CPU, saying why) and nothing else.
 * <p>
 * Framework properties: {@code digits.cudnn.libraries} (folders, set by the launcher),
 * {@code digits.cudnn.tf32} (TF32 tensor-core math, off by default), {@code digits.cudnn.graphs}
 * (CUDA graphs of the training step, on by default).
 */
@Component(service = TrainingAccelerator.class)
public final class CudnnAccelerator implements TrainingAccelerator {

    private final List<Path> folders;
    private final boolean tf32;
    private final boolean graphs;
    private Cuda cuda;
    private volatile String device = "";

    @Activate
    public CudnnAccelerator(BundleContext context) {
        String libs = context.getProperty("digits.cudnn.libraries");
        folders = libs == null ? List.of() : Stream.of(libs.split(":")).filter(s -> !s.isBlank()).map(Path::of).toList();
        tf32 = Boolean.parseBoolean(context.getProperty("digits.cudnn.tf32"));
        graphs = !"false".equals(context.getProperty("digits.cudnn.graphs"));
    }

    @Override
    public String description() {
        return "GPU " + device + " with the cuDNN engine (float32" + (tf32 ? ", TF32 on" : ", TF32 off") + ")";
    }

    @Override
    public synchronized Steps open(MultiLayerNetwork net, int batchSize, long seed) {
        NetSpec spec = Dl4jNetworks.spec(net);
        UpdateRule rule = Dl4jNetworks.rule(net);
        if (cuda == null) {
            cuda = Cuda.open(folders);
        }
        GpuNet gpu = new GpuNet(cuda, spec, rule, batchSize, seed, tf32, graphs);
        device = gpu.deviceName + " (compute " + gpu.compute + ", CUDA " + cuda.version + " from " + cuda.where + ")";
        INDArray state = net.getUpdater().getStateViewArray();
        float[][] slots = state == null ? new float[rule.slots()][gpu.layout.params]
                : gpu.layout.stateToEngine(state.dup().data().asFloat(), rule.slots());
        gpu.load(net.params().dup().data().asFloat(), slots, net.getIterationCount());
        return new Steps() {
            @Override
            public double fit(float[] images, int[] labels, int n) {
                return gpu.step(images, labels, n);
            }

            @Override
            public double finish() {
                return gpu.finish();
            }

            @Override
            public void setLearningRate(double rate) {
                gpu.setLearningRate(rate);
            }

            @Override
            public void copyTo(MultiLayerNetwork target) {
                float[] flat = gpu.parameters();
                target.params().assign(Nd4j.create(flat, new long[] {1, flat.length}, 'c'));
                INDArray view = target.getUpdater().getStateViewArray();
                if (view != null) {
                    float[] s = gpu.layout.stateToDl4j(gpu.updaterState());
                    view.assign(Nd4j.create(s, view.shape(), 'c'));
                }
                target.setIterationCount((int) gpu.iteration());
            }

            @Override
            public void close() {
                gpu.close();
            }
        };
    }
}
