package digits.data.internal;

import digits.api.DatasetException;
import digits.api.DatasetProvider;
import digits.api.LabelledImages;
import java.util.List;

/**
 * A dataset of four IDX files (MNIST and its look-alikes), provisioned on first use and held in
 * memory once loaded: the training set is 47 MB, read once per process, not once per training run.
 */
class IdxDataset implements DatasetProvider, DatasetState {

    private final Provisioner provisioner;
    private final DatasetSpec spec;
    // One lock for provisioning and loading: loading needs the files, and two threads asking for
    // the same split at once must not read it twice.
    private final Object lock = new Object();
    private volatile String source;
    private volatile LabelledImages train;
    private volatile LabelledImages test;

    IdxDataset(Provisioner provisioner) {
        this.provisioner = provisioner;
        this.spec = provisioner.spec();
    }

    @Override
    public String id() {
        return spec.name();
    }

    @Override
    public String description() {
        return spec.description();
    }

    @Override
    public List<String> classNames() {
        return spec.classNames();
    }

    @Override
    public LabelledImages train() throws DatasetException {
        LabelledImages t = train;
        if (t == null) {
            synchronized (lock) {
                if (train == null) {
                    train = load("train", DatasetSpec.TRAIN_IMAGES, DatasetSpec.TRAIN_LABELS);
                }
                t = train;
            }
        }
        return t;
    }

    @Override
    public LabelledImages test() throws DatasetException {
        LabelledImages t = test;
        if (t == null) {
            synchronized (lock) {
                if (test == null) {
                    test = load("test", DatasetSpec.TEST_IMAGES, DatasetSpec.TEST_LABELS);
                }
                t = test;
            }
        }
        return t;
    }

    /** Depends only on the known content, so it needs no download. */
    @Override
    public String checksum() {
        return spec.checksum();
    }

    @Override
    public String provision() throws DatasetException {
        String s = source;
        if (s == null) {
            synchronized (lock) {
                if (source == null) {
                    source = provisioner.provision();
                }
                s = source;
            }
        }
        return s;
    }

    @Override
    public String state() {
        LabelledImages tr = train;
        LabelledImages te = test;
        String s = source;
        if (s == null) {
            return provisioner.inCache() ? "in the cache " + provisioner.cacheDir() + " (verified on first use)"
                    : "not provisioned (digits:fetch " + id() + ")";
        }
        String counts = (tr == null ? "" : ", " + tr.count() + " training images")
                + (te == null ? "" : ", " + te.count() + " test images");
        return "provisioned from " + s + (counts.isEmpty() ? ", not loaded" : counts);
    }

    private LabelledImages load(String split, String imagesName, String labelsName) throws DatasetException {
        provision();
        Idx.Content images = Idx.read(provisioner.cached(imagesName), Idx.IMAGES);
        Idx.Content labels = Idx.read(provisioner.cached(labelsName), Idx.LABELS);
        if (images.header().count() != labels.header().count()) {
            throw new DatasetException(provisioner.cached(imagesName) + ", " + provisioner.cached(labelsName)
                    + ": images and labels differ in count: " + images.header().count() + " images, "
                    + labels.header().count() + " labels");
        }
        byte[] l = labels.body();
        for (int i = 0; i < l.length; i++) {
            if ((l[i] & 0xff) >= spec.classNames().size()) {
                throw new DatasetException(provisioner.cached(labelsName) + ": label " + (l[i] & 0xff) + " of item " + i
                        + " is not a class (0.." + (spec.classNames().size() - 1) + ")");
            }
        }
        int[] dims = images.header().dims();
        return new LabelledImages(id() + "/" + split, dims[1], dims[2], images.body(), l);
    }
}
