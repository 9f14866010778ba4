package digits.extras.knn.internal;

import digits.api.DatasetException;
import digits.api.DatasetProvider;
import digits.api.GrayImage;
import digits.api.LabelledImages;
import digits.api.Prediction;
import digits.api.Recognizer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recognizer {@code knn}: no network, just the {@value #K} nearest of {@value #TRAINING_IMAGES}
 * MNIST training images. A baseline to compare the CNNs with, and a second opinion for the
 * ensemble.
 *
 * <p>The service is registered at once; the index is built on a thread of its own as soon as
 * the {@code mnist} dataset is present (reading and reducing the images takes a second or two,
 * longer when the dataset must first be provisioned), so neither the bundle's start nor the
 * workbench's waits for it. A recognition that comes before the index waits for it.
 */
@Component(property = Recognizer.ID_PROPERTY + "=" + KnnRecognizer.ID)
public final class KnnRecognizer implements Recognizer {

    static final String ID = "knn";
    /** Neighbours that vote; chosen on training images 50,000-59,999 (k=3: 97.01%, 4: 97.02%, 5: 96.93%). */
    static final int K = 4;
    /**
     * The first this many training images: 97.0% on a validation slice against 96.1% with 10,000,
     * at about 5 ms a recognition on one busy core (all 60,000 would cost three times that).
     */
    static final int TRAINING_IMAGES = 20_000;
    /** Measured once by KnnAccuracy on the 10,000 MNIST test images: 9,650 right. */
    static final String TEST_ACCURACY = "96.50%";
    private static final long WAIT_SECONDS = 120;
    /** After a failed build, recognitions report that failure this long before one tries again. */
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final Logger LOG = LoggerFactory.getLogger(KnnRecognizer.class);

    private volatile DatasetProvider dataset;
    private CompletableFuture<KnnIndex> index; // guarded by this; null until a build starts
    private long failedAt; // guarded by this
    private volatile boolean active;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(dataset.id=mnist)")
    void setDataset(DatasetProvider d) {
        dataset = d;
        if (active) {
            index();
        }
    }

    void unsetDataset(DatasetProvider d) {
        // An index already built is this bundle's own copy and stays usable.
        if (dataset == d) {
            dataset = null;
        }
    }

    @Activate
    void activate() {
        active = true;
        index();
    }

    @Deactivate
    synchronized void deactivate() {
        active = false;
        if (index != null) {
            index.cancel(false);
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "k-nearest neighbours (k=" + K + ", distance-weighted, 14x14) over " + String.format("%,d", TRAINING_IMAGES)
                + " MNIST training images, no neural network; " + TEST_ACCURACY + " on the 10,000 MNIST test images";
    }

    /**
     * @throws IllegalStateException if the {@code mnist} dataset is not present, cannot be read, or
     *     its images are still loading after two minutes
     */
    @Override
    public Prediction recognize(GrayImage input) {
        if (!input.isModelInput()) {
            throw new IllegalArgumentException("expected a 28x28 input, got " + input.width() + "x" + input.height());
        }
        CompletableFuture<KnnIndex> f = index();
        if (f == null) {
            throw new IllegalStateException("knn needs the mnist dataset, which is not present");
        }
        KnnIndex built;
        try {
            built = f.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("knn is still loading its training images; try again in a moment");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while knn loads its training images");
        } catch (ExecutionException | java.util.concurrent.CancellationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("knn cannot load its training images: " + cause.getMessage(), cause);
        }
        long start = System.nanoTime();
        float[] p = built.probabilities(input);
        return new Prediction(p, ID, System.nanoTime() - start);
    }

    /** The index, its build started if none is under way; null without a dataset to build it from. */
    private synchronized CompletableFuture<KnnIndex> index() {
        if (index != null && (!index.isCompletedExceptionally() || System.nanoTime() - failedAt < RETRY_NANOS)) {
            return index; // built, building, or failed a moment ago (no point hammering a dataset that cannot load)
        }
        DatasetProvider d = dataset;
        if (d == null || !active) {
            return index; // a failed build still says why; none at all means no dataset yet
        }
        CompletableFuture<KnnIndex> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                long start = System.nanoTime();
                LabelledImages train = d.train();
                if (!active) {
                    f.cancel(false);
                    return; // deactivated meanwhile: the bundle may be going, keep out of its classes
                }
                KnnIndex built = KnnIndex.of(train, TRAINING_IMAGES, d.classNames().size(), K);
                LOG.info("knn: {} training images indexed in {} ms", built.size(), (System.nanoTime() - start) / 1_000_000);
                f.complete(built);
            } catch (DatasetException | RuntimeException | LinkageError e) {
                // A LinkageError: the dataset's bundle (or this one) was stopped while loading,
                // so its classes can no longer be loaded. Whoever waits must hear of it, not hang.
                if (active) {
                    LOG.warn("knn cannot load its training images: {}", e.toString());
                }
                synchronized (this) {
                    failedAt = System.nanoTime();
                }
                f.completeExceptionally(e);
            }
        }, "digits-knn-index");
        t.setDaemon(true);
        index = f;
        t.start();
        return f;
    }
}
