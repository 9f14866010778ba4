package digits.engine.cudnn.internal;

import com.google.gson.GsonBuilder;
import digits.api.Augmentation;
import digits.api.ModelInfo;
import digits.engine.internal.EngineNetworks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.AdaMax;

/**
 * After the GPU check (run by runtime/gpu/compare.sh, here): parameters trained on the GPU become a
 * stored model, DL4J zip and metadata, so that ./digits evaluate measures them on the CPU like any
 * model. The network is DL4J's own for the architecture and seed, with the GPU's parameters.
 * usage: GpuModels PARAMS ARCH SEED NAME MODELS_DIR EPOCHS BATCH LEARNING_RATE AUGMENT
 */
public final class GpuModels {

    private GpuModels() {}

    public static void main(String[] args) throws Exception {
        float[] params = GpuCheck.read(Path.of(args[0]));
        String arch = args[1];
        long seed = Long.parseLong(args[2]);
        String name = args[3];
        Path models = Path.of(args[4]);
        double lr = Double.parseDouble(args[7]);
        MultiLayerNetwork net = EngineNetworks.build(arch, new AdaMax(lr), seed);
        if (params.length != net.numParams()) {
            throw new IllegalArgumentException(args[0] + " holds " + params.length + " parameters; " + arch + " has " + net.numParams());
        }
        net.params().assign(Nd4j.create(params, new long[] {1, params.length}, 'c'));
        Path zip = models.resolve(name + ".zip");
        Path tmp = models.resolve(name + ".zip.tmp");
        ModelSerializer.writeModel(net, tmp.toFile(), false);
        Files.move(tmp, zip, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        ModelInfo info = new ModelInfo(name, arch, "mnist", "", "adamax", Map.of("learningRate", lr),
                Integer.parseInt(args[5]), Integer.parseInt(args[6]),
                Boolean.parseBoolean(args[8]) ? Augmentation.STANDARD : Augmentation.NONE, Double.NaN, Double.NaN,
                net.numParams(), Instant.now().toString(), "trained on the GPU by runtime/gpu/h200-check.sh", List.of());
        Path json = models.resolve(name + ".json");
        Files.writeString(models.resolve(name + ".json.tmp"),
                new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(info));
        Files.move(models.resolve(name + ".json.tmp"), json, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("wrote " + zip + " and " + json);
    }
}
