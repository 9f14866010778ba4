package digits.engine.internal;

import digits.api.GrayImage;
import digits.api.ModelInfo;
import digits.data.internal.DatasetSpec;
import digits.data.internal.Provisioner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The model shipped in models/ and the 10,000 MNIST test images, provisioned as the workbench does. */
final class ShippedModel {

    static final Path FILE = Path.of(System.getProperty("user.dir")).resolve("../../models/default.zip").normalize();

    private ShippedModel() {}

    static ModelInfo info() {
        return new ModelInfo("default", "deep", "mnist", "", "adamax", null, 0, 0, null, Double.NaN, Double.NaN, 0, "",
                "", null);
    }

    static CnnRecognizer recognizer(CnnRecognizer.Batching batching) throws Exception {
        CnnRecognizer r = new CnnRecognizer(info(), FILE, batching);
        r.load();
        return r;
    }

    static List<GrayImage> testImages() throws Exception {
        Provisioner mnist = Provisioner.fromProperties(DatasetSpec.MNIST, key -> null);
        mnist.provision();
        byte[] idx = Files.readAllBytes(mnist.cached("t10k-images-idx3-ubyte"));
        int count = (idx.length - 16) / (28 * 28);
        List<GrayImage> images = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            images.add(GrayImage.fromBytes(28, 28, idx, 16 + i * 28 * 28));
        }
        return images;
    }
}
