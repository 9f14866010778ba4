package digits.engine.cudnn.internal;

import digits.engine.internal.EngineNetworks;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.AdaMax;

/**
 * The CPU side of the GPU check (run by runtime/gpu/prepare.sh, here, with DL4J): for each network,
 * its description, DL4J's initial parameters, a batch of 16 MNIST training images, and DL4J's
 * forward outputs (training mode) and gradients on it, with dropout off; and the initial
 * parameters of the networks the GPU trains (reference, seed 42; deep, seed 7).
 * usage: GpuReference MNIST_DIR OUT_DIR
 */
public final class GpuReference {

    private GpuReference() {}

    public static void main(String[] args) throws IOException {
        Path mnist = Path.of(args[0]);
        Path out = Files.createDirectories(Path.of(args[1]));
        int n = 16; // 16 images keep the gzipped reference near 8 MB of the 64 MiB a device call carries
        byte[] px = Files.readAllBytes(mnist.resolve("train-images-idx3-ubyte"));
        byte[] lb = Files.readAllBytes(mnist.resolve("train-labels-idx1-ubyte"));
        float[] images = new float[n * 784];
        int[] labels = new int[n];
        for (int i = 0; i < images.length; i++) {
            images[i] = (px[16 + i] & 0xff) / 255f;
        }
        for (int i = 0; i < n; i++) {
            labels[i] = lb[8 + i];
        }
        try (DataOutputStream o = new DataOutputStream(new BufferedOutputStream(new java.util.zip.GZIPOutputStream(Files.newOutputStream(out.resolve("reference.bin.gz")))))) {
            o.writeUTF("digits-gpu-reference 1");
            o.writeInt(EngineNetworks.NAMES.size());
            for (String arch : EngineNetworks.NAMES) {
                MultiLayerNetwork net = EngineNetworks.build(arch, new AdaMax(1e-3), 42);
                NetSpec spec = Dl4jNetworks.spec(net);
                Files.writeString(out.resolve(arch + ".spec"), spec.text());
                // The same batch and parameters on both sides: dropout is random, so it is off here.
                for (var c : net.getLayerWiseConfigurations().getConfs()) {
                    c.getLayer().setIDropout(null);
                }
                INDArray x = Nd4j.create(images, new long[] {n, 784}, 'c');
                INDArray y = Nd4j.zeros(DataType.FLOAT, n, 10);
                for (int i = 0; i < n; i++) {
                    y.putScalar(i, labels[i], 1f);
                }
                List<INDArray> acts = net.feedForward(x, true);
                net.setInput(x);
                net.setLabels(y);
                net.computeGradientAndScore();
                float[] grads = net.gradient().gradient().dup().data().asFloat();
                float scale = gradientScale(net, acts.get(acts.size() - 1), y, grads, n);
                for (int i = 0; i < grads.length; i++) {
                    grads[i] *= scale;
                }
                o.writeUTF(arch);
                o.writeUTF(spec.withoutDropout().text());
                o.writeUTF(Dl4jNetworks.rule(net).text());
                o.writeInt(n);
                floats(o, images);
                o.writeInt(n);
                for (int l : labels) {
                    o.writeInt(l);
                }
                floats(o, net.params().dup().data().asFloat());
                for (int i = 1; i < acts.size(); i++) {
                    floats(o, acts.get(i).dup('c').data().asFloat());
                }
                o.writeFloat((float) net.score());
                floats(o, grads);
                System.out.printf("%s: %d parameters, loss %.5f, gradient scale %.5f%n", arch, net.numParams(), net.score(), scale);
            }
        }
        GpuCheck.write(out.resolve("reference-42.params"), EngineNetworks.build("reference", new AdaMax(1e-3), 42).params().dup().data().asFloat());
        GpuCheck.write(out.resolve("deep-7.params"), EngineNetworks.build("deep", new AdaMax(2e-3), 7).params().dup().data().asFloat());
    }

    /**
     * The factor that makes DL4J's gradient the gradient of the mean loss, which the GPU computes:
     * 1 if DL4J averaged over the batch, 1/n if it summed (its updater divides later). Read from the
     * output bias, whose gradient is sum (or mean) over the batch of (softmax - label).
     */
    static float gradientScale(MultiLayerNetwork net, INDArray probs, INDArray y, float[] grads, int n) {
        ParamLayout layout = new ParamLayout(Dl4jNetworks.spec(net));
        ParamLayout.Tensor b = layout.tensor(net.getnLayers() - 1, "b");
        double sum = probs.sub(y).sum(0).getDouble(0);
        double g = grads[b.offset()];
        return Math.abs(g - sum) < Math.abs(g - sum / n) ? 1f / n : 1f;
    }

    private static void floats(DataOutputStream o, float[] a) throws IOException {
        o.writeInt(a.length);
        for (float v : a) {
            o.writeFloat(v);
        }
    }
}
