package digits.engine.internal;

import digits.api.Calibration;
import digits.api.Calibrator;
import digits.api.ComputeBackend;
import digits.api.DatasetException;
import digits.api.DatasetProvider;
import digits.api.GrayImage;
import digits.api.LabelledImages;
import digits.api.ModelException;
import digits.api.ModelInfo;
import digits.api.ModelStore;
import digits.api.Preprocessor;
import digits.api.Reliability;
import digits.api.Selection;
import digits.preprocess.Images;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Fits a model's temperature and its "not a digit" threshold on the validation split it was
 * trained with (rebuilt from the seed and fraction in its command), and stores them: the
 * temperature and threshold in its metadata, the training digits' feature statistics in its file.
 */
@Component(service = {Calibrator.class, ModelCalibrator.class})
public final class ModelCalibrator implements Calibrator {

    /**
     * The score that judges "not a digit". Measured on the shipped model at the same share of
     * flagged digits (README, "Not a digit"): the distances of five layers summed flag 100% of
     * Fashion-MNIST (91% through the canvas pipeline) and 76% of letters and scribbles, against
     * 35% and 66% for the output layer's input alone, 48% and 34% for the energy, and 87% and 34%
     * for a pixel-space score (reconstruction error from 50 principal components of the digits).
     */
    static final String SCORE = Confidence.MAHALANOBIS_LAYERS;
    /**
     * The share of held-out digits the threshold may flag, on the images as they are and redrawn
     * on canvases: the lower threshold of the two, so neither kind is flagged more often.
     */
    static final double FLAGGED_DIGITS = 0.01;
    /** Training images the feature statistics are fitted on: 256 features per layer need far fewer than 54,000. */
    static final int STATS_IMAGES = 20_000;

    private final ModelStore store;
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<DatasetProvider> datasets = List.of();
    /** The active preprocessor comes from here, as for every image from outside. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Selection selection;

    @Activate
    public ModelCalibrator(@Reference ModelStore store, @Reference ComputeBackend backend) {
        this.store = store;
    }

    @Override
    public synchronized ModelInfo calibrate(String modelName) throws ModelException {
        ModelInfo info = store.find(modelName).orElseThrow(() -> new ModelException("no model '" + modelName + "'"));
        DatasetProvider dataset = DatasetProvider.byId(datasets, info.datasetId()).orElseThrow(() -> new ModelException(
                "cannot calibrate '" + modelName + "': its dataset '" + info.datasetId() + "' is not present"));
        Selection s = selection;
        Preprocessor canvas = (s == null ? Optional.<Preprocessor>empty() : s.activePreprocessor()).orElseThrow(() ->
                new ModelException("cannot calibrate '" + modelName + "': no preprocessor is present"));
        Path file = store.modelFile(modelName);
        // The network the recognizer runs (CnnRecognizer): its folded layers are what the statistics describe.
        FeatureNetwork net = FeatureNetwork.of(BatchNormFolding.fold(ModelFiles.load(file, false)));
        LabelledImages all;
        try {
            all = dataset.train();
        } catch (DatasetException e) {
            throw new ModelException("cannot calibrate '" + modelName + "': " + e.getMessage(), e);
        }
        String command = info.command() == null ? "" : info.command();
        int[][] split = TrainingJob.split(all.count(), (long) option(command, "seed", 42),
                option(command, "validation", 0.15), (int) option(command, "limit", 0));
        Batches train = new Batches(all.select(dataset.id() + "/train", split[0]));
        Batches validation = new Batches(all.select(dataset.id() + "/validation", split[1]));

        Forward val = Forward.of(net, validation.features, validation.count);
        double t = fitTemperature(val, validation.labels);
        Reliability before = Reliability.of(Confidence.probabilities(val, 1), validation.labels, 10);
        Reliability after = Reliability.of(Confidence.probabilities(val, t), validation.labels, 10);
        int fitted = Math.min(STATS_IMAGES, train.count);
        FeatureStats[] layers = FeatureEnsemble.fit(Forward.of(net, train.features, fitted), fitted, train.labels);

        Forward redrawn = Forward.of(net, redrawn(validation, canvas), validation.count);
        FeatureEnsemble ensemble = FeatureEnsemble.normalized(layers, val, redrawn);
        double threshold = Math.min(quantile(scores(val, ensemble), FLAGGED_DIGITS),
                quantile(scores(redrawn, ensemble), FLAGGED_DIGITS));
        Calibration c = new Calibration(t, SCORE, threshold, before.ece(), after.ece(), before.nll(), after.nll(),
                dataset.id() + "/validation (" + validation.count + " images, also redrawn on canvases through '"
                        + canvas.id() + "')");
        return store.save(info.withCalibration(c), target -> ModelFiles.writeWithEnsemble(file, ensemble, target));
    }

    /** The temperature that minimises the negative log-likelihood (golden-section search on log T). */
    static double fitTemperature(Forward f, int[] labels) {
        double lo = Math.log(0.05);
        double hi = Math.log(20);
        double g = (Math.sqrt(5) - 1) / 2;
        double a = hi - g * (hi - lo);
        double b = lo + g * (hi - lo);
        double fa = nll(f, labels, Math.exp(a));
        double fb = nll(f, labels, Math.exp(b));
        for (int i = 0; i < 60; i++) {
            if (fa < fb) {
                hi = b;
                b = a;
                fb = fa;
                a = hi - g * (hi - lo);
                fa = nll(f, labels, Math.exp(a));
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + g * (hi - lo);
                fb = nll(f, labels, Math.exp(b));
            }
        }
        return Math.exp((lo + hi) / 2);
    }

    private static double nll(Forward f, int[] labels, double t) {
        double sum = 0;
        for (int i = 0; i < f.count; i++) {
            float[] z = f.logitRow(i);
            sum += Confidence.logSumExp(z, t) - z[labels[i]] / t;
        }
        return sum / Math.max(1, f.count);
    }

    static double[] scores(Forward f, FeatureEnsemble ensemble) {
        double[] out = new double[f.count];
        for (int i = 0; i < f.count; i++) {
            out[i] = ensemble.score(f, i);
        }
        return out;
    }

    /** The value below which {@code share} of the scores lie. */
    static double quantile(double[] scores, double share) {
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.floor(share * (sorted.length - 1))];
    }

    /** The validation digits redrawn on canvases and back through the canvas pipeline (seeded). */
    private static float[] redrawn(Batches images, Preprocessor preprocessor) {
        SplittableRandom random = new SplittableRandom(2026);
        float[] out = new float[images.count * Batches.PIXELS];
        for (int i = 0; i < images.count; i++) {
            float[] px = Arrays.copyOfRange(images.features, i * Batches.PIXELS, (i + 1) * Batches.PIXELS);
            GrayImage drawn = Images.onRandomCanvas(new GrayImage(28, 28, px), random);
            GrayImage input = preprocessor.toModelInput(drawn).orElse(new GrayImage(28, 28, px));
            System.arraycopy(input.pixels(), 0, out, i * Batches.PIXELS, Batches.PIXELS);
        }
        return out;
    }

    /** A number option from a stored training command, e.g. {@code --seed 7}. */
    static double option(String command, String name, double fallback) {
        Matcher m = Pattern.compile("--" + name + "\\s+(-?[0-9.eE+-]+)").matcher(command);
        return m.find() ? Double.parseDouble(m.group(1)) : fallback;
    }
}
