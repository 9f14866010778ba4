package digits.data.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import digits.api.DatasetException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The known Fashion-MNIST hashes against Debian's package, where it is installed. */
class FashionMnistTest {

    @Test
    void theKnownHashesAreThoseOfTheDebianPackage() throws DatasetException {
        Path dir = DatasetSpec.FASHION_MNIST.systemDir().orElseThrow();
        assumeTrue(Files.isDirectory(dir), "dataset-fashion-mnist is not installed");
        for (DatasetSpec.IdxFile f : DatasetSpec.FASHION_MNIST.files()) {
            Idx.Scanned s = Idx.check(dir.resolve(f.name() + ".gz"), f.magic());
            assertEquals(f.sha256(), s.sha256(), f.name());
            assertEquals(f.name().startsWith("train") ? 60_000 : 10_000, s.header().count(), f.name());
        }
    }

    @Test
    void fashionMnistNamesItsGarments() {
        assertEquals(10, DatasetSpec.FASHION_MNIST.classNames().size());
        assertEquals("Ankle boot", DatasetSpec.FASHION_MNIST.classNames().get(9));
    }
}
