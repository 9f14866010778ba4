package digits.extras.ensemble.internal;

import digits.api.GrayImage;
import digits.api.Prediction;
import digits.api.Recognizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The recognizer {@code ensemble}: the mean of the probabilities of every other recognizer
 * present, following them as they come and go.
 */
@Component(property = Recognizer.ID_PROPERTY + "=" + EnsembleRecognizer.ID)
public final class EnsembleRecognizer implements Recognizer {

    static final String ID = "ensemble";

    private final Map<String, Recognizer> members = new ConcurrentHashMap<>();

    // The filter keeps SCR from binding this component to its own service (a circular reference
    // it would only break with a warning); the check in addMember catches a recognizer that
    // registers without the id property, and another ensemble, which would count members twice.
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(!(" + Recognizer.ID_PROPERTY + "=" + ID + "))")
    void addMember(Recognizer r) {
        if (r != this && !ID.equals(r.id())) {
            members.put(r.id(), r);
        }
    }

    void removeMember(Recognizer r) {
        members.remove(r.id(), r);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        List<String> ids = new ArrayList<>(new TreeMap<>(members).keySet());
        return ids.isEmpty() ? "mean of every other recognizer's probabilities; none is present yet"
                : "mean of the probabilities of " + ids.size() + " recognizers: " + String.join(", ", ids);
    }

    /**
     * @throws IllegalStateException if no other recognizer is present, or every one of them failed
     */
    @Override
    public Prediction recognize(GrayImage input) {
        if (!input.isModelInput()) {
            throw new IllegalArgumentException("expected a 28x28 input, got " + input.width() + "x" + input.height());
        }
        long start = System.nanoTime();
        float[] sum = null;
        int used = 0;
        List<String> failures = new ArrayList<>();
        // A snapshot: members may come and go during the call.
        for (Recognizer r : List.copyOf(members.values())) {
            float[] p;
            try {
                p = r.recognize(input).probabilities();
            } catch (RuntimeException e) {
                // One member failing (a model file gone, k-NN without its dataset) must not
                // take the ensemble down; the others still answer.
                failures.add(r.id() + ": " + e.getMessage());
                continue;
            }
            if (sum == null) {
                sum = new float[p.length];
            } else if (p.length != sum.length) {
                failures.add(r.id() + ": " + p.length + " classes, the others " + sum.length);
                continue;
            }
            for (int i = 0; i < p.length; i++) {
                sum[i] += p[i];
            }
            used++;
        }
        if (used == 0) {
            throw new IllegalStateException(failures.isEmpty()
                    ? "the ensemble has nothing to average: no other recognizer is present (install one, or train a model)"
                    : "the ensemble has nothing to average: every recognizer failed: " + String.join("; ", failures));
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= used;
        }
        return new Prediction(sum, ID, System.nanoTime() - start);
    }
}
