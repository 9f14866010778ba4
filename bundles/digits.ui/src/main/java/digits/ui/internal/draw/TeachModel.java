package digits.ui.internal.draw;

import digits.api.AdaptationPolicy;
import digits.api.AdaptationRequest;
import digits.api.AdaptationResult;
import digits.api.Adapter;
import digits.api.LabelledImages;
import digits.api.Recognizer;
import digits.api.Selection;
import digits.api.DrawingStore;
import digits.ui.internal.Services;
import digits.ui.internal.Ui;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What the Teach panel shows and does, without a widget: how many drawings of each digit are
 * saved, which digits to draw next, the adaptation to the writer in the background with its
 * progress and figures, and the switch between the adapted recognizer and the one it started
 * from. Listeners hear of every change on whatever thread it happened.
 */
public final class TeachModel {

    public enum Phase { READY, RUNNING, DONE, FAILED }

    private final Services services;
    private final Runnable changed;
    private volatile int[] counts = new int[10];
    private volatile Phase phase = Phase.READY;
    private volatile double progress;
    private volatile String step = "";
    private volatile AdaptationResult result;
    private volatile String problem = "";
    private volatile String original = "";
    /** The adapted recognizer, selected as soon as the model store's new model is offered. */
    private volatile String pendingSwitch;

    public TeachModel(Services services, Runnable changed) {
        this.services = services;
        this.changed = changed;
        services.onSelectionChange(message -> {
            switchWhenOffered();
            changed.run();
        });
    }

    /** Counts the saved drawings again (after a save, or when the drawing store comes). */
    public void refresh() {
        counts = services.drawings().map(DrawingStore::countPerDigit).orElse(new int[10]);
        changed.run();
    }

    public int total() {
        int n = 0;
        for (int c : counts) {
            n += c;
        }
        return n;
    }

    /** {@code 0: 3  1: 2 ...}, the drawings saved per digit. */
    public String countsText() {
        int[] c = counts;
        StringBuilder out = new StringBuilder();
        for (int d = 0; d < 10; d++) {
            out.append(d).append(": ").append(c[d]).append(d == 4 ? "\n" : d < 9 ? "   " : "");
        }
        return out.append("   (").append(total()).append(" in all)").toString();
    }

    /** Which digits to draw next: those with the fewest drawings. */
    public String prompt() {
        int[] c = counts;
        int fewest = Integer.MAX_VALUE;
        for (int v : c) {
            fewest = Math.min(fewest, v);
        }
        List<String> digits = new ArrayList<>();
        for (int d = 0; d < 10; d++) {
            if (c[d] == fewest) {
                digits.add(Integer.toString(d));
            }
        }
        String which = digits.size() == 10 ? "any digit" : String.join(", ", digits);
        int missing = AdaptationPolicy.MIN_IMAGES - total();
        if (missing > 0) {
            return "Save " + missing + " more drawing" + (missing == 1 ? "" : "s") + " to adapt; draw " + which
                    + " next (" + fewest + " saved of each)";
        }
        return "Draw " + which + " next (" + fewest + " saved of each); about ten of each teach it your hand";
    }

    /** Why "Adapt to my handwriting" cannot run now, if it cannot. */
    public Optional<String> adaptBlocked() {
        if (phase == Phase.RUNNING) {
            return Optional.of("adapting now");
        }
        if (services.adapter().isEmpty()) {
            return Optional.of("the engine's adapter is not present");
        }
        if (services.drawings().isEmpty()) {
            return Optional.of("the drawing store is not present");
        }
        if (total() < AdaptationPolicy.MIN_IMAGES) {
            return Optional.of("needs at least " + AdaptationPolicy.MIN_IMAGES + " saved drawings");
        }
        return Optional.empty();
    }

    /** Adapts the active recognizer's model to the saved drawings, in the background. */
    public void adapt() {
        if (adaptBlocked().isPresent()) {
            return;
        }
        Adapter adapter = services.adapter().orElseThrow();
        DrawingStore sink = services.drawings().orElseThrow();
        String from = AdaptationPolicy.startingModel(
                services.selection().flatMap(Selection::activeRecognizer).map(Recognizer::id).orElse(null));
        original = "cnn:" + from;
        phase = Phase.RUNNING;
        progress = 0;
        step = "reading your drawings";
        result = null;
        problem = "";
        changed.run();
        CompletableFuture.supplyAsync(() -> {
            try {
                LabelledImages mine = sink.images();
                return adapter.adapt(new AdaptationRequest(AdaptationPolicy.defaultName(from), from, "drawings", mine,
                        AdaptationPolicy.DEFAULT), (done, now) -> {
                            progress = done;
                            step = now;
                            changed.run();
                        });
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }).thenCompose(stage -> stage).whenComplete((r, e) -> {
            if (e != null) {
                problem = Ui.message(e);
                phase = Phase.FAILED;
            } else {
                result = r;
                phase = Phase.DONE;
                pendingSwitch = "cnn:" + r.modelName();
                switchWhenOffered();
            }
            changed.run();
        });
    }

    private void switchWhenOffered() {
        String id = pendingSwitch;
        Selection s = services.selection().orElse(null);
        if (id != null && s != null && s.recognizers().stream().anyMatch(r -> r.id().equals(id))) {
            pendingSwitch = null;
            s.useRecognizer(id);
        }
    }

    public Phase phase() {
        return phase;
    }

    public double progress() {
        return progress;
    }

    /** What the adaptation does now, or how it ended. */
    public String stepText() {
        return switch (phase) {
            case READY -> "";
            case RUNNING -> String.format(Locale.ROOT, "%.0f%%: %s", 100 * progress, step);
            case DONE -> String.format(Locale.ROOT, "done in %.0f s: %s", result.millis() / 1000.0, result.modelName());
            case FAILED -> "failed: " + problem;
        };
    }

    /** The before-and-after figures of the last adaptation; empty before one ended. */
    public String figures() {
        AdaptationResult r = result;
        if (r == null) {
            return "";
        }
        return "your held-out drawings (" + r.heldOutImages() + "): " + AdaptationResult.percent(r.heldOutBefore())
                + " before, " + AdaptationResult.percent(r.heldOutAfter()) + " after\n" + r.replayDatasetId()
                + " test: " + AdaptationResult.percent(r.testBefore()) + " before, "
                + AdaptationResult.percent(r.testAfter()) + " after";
    }

    /** Whether there is an adapted recognizer to switch to and from. */
    public boolean canSwitch() {
        return result != null;
    }

    public boolean usingAdapted() {
        AdaptationResult r = result;
        return r != null && services.selection().flatMap(Selection::activeRecognizer).map(Recognizer::id)
                .filter(("cnn:" + r.modelName())::equals).isPresent();
    }

    /** Switches to the adapted recognizer, or back to the one it started from. */
    public void useAdapted(boolean adapted) {
        AdaptationResult r = result;
        Selection s = services.selection().orElse(null);
        if (r != null && s != null) {
            s.useRecognizer(adapted ? "cnn:" + r.modelName() : original);
        }
    }
}
