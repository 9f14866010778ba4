package digits.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.TrainingPolicy.GpuPreset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The policy's numbers, worked out by hand. */
class TrainingPolicyTest {

    static final OptimizerDescription ADAMAX = new OptimizerDescription("adamax", "",
            List.of(new HyperParameter("learningRate", "", 0.001, 0, 1)));

    static BackendInfo backend(String kind) {
        return new BackendInfo(kind, "device", 2, 1 << 30, "lib", "");
    }

    @Test
    void onTheCpuTheReferenceBatchIsKept() {
        GpuPreset p = GpuPreset.forBackend(backend("CPU"), 0, 0, ADAMAX);
        assertFalse(p.applies());
        assertEquals(32, p.batch());
        assertEquals(LearningRateSchedule.CONSTANT, p.warmUp(LearningRateSchedule.CONSTANT));
    }

    @Test
    void onAGpuLargerBatchesWithAScaledLearningRateAndAnEpochOfWarmUp() {
        GpuPreset p = GpuPreset.forBackend(backend("CUDA"), 0, 0, ADAMAX);
        assertTrue(p.applies());
        assertEquals(256, p.batch());
        assertEquals(0.001 * Math.sqrt(8), p.learningRate(), 1e-12);
        assertEquals(1, p.warmUp(TrainingPolicy.schedule("cosine")).warmupEpochs());
    }

    @Test
    void whatTheUserAsksForWins() {
        GpuPreset p = GpuPreset.forBackend(backend("CUDA"), 64, 0, ADAMAX);
        assertFalse(p.applies());
        assertEquals(64, p.batch());
    }

    @Test
    void earlyStoppingCountsOnlyAnImprovementOfAtLeastTheThreshold() {
        assertEquals(new EarlyStopping(3, 1e-4), TrainingPolicy.earlyStopping(3));
        assertFalse(TrainingPolicy.earlyStopping(0).enabled());
    }

    @Test
    void theDefaultsAreTheReferencesSettings() {
        TrainingRequest r = TrainingRequest.defaults("mnist");
        assertEquals("mnist-reference", r.modelName());
        assertEquals("reference", r.architecture());
        assertEquals("adamax", r.optimizerId());
        assertEquals(32, r.batchSize());
        assertEquals(0.15, r.validationFraction());
        assertEquals(10, r.epochs());
    }

    @Test
    void stepHalvesTheRateEveryFiveEpochs() {
        LearningRateSchedule step = TrainingPolicy.schedule("step");
        assertEquals(1.0, step.multiplier(0, 20), 1e-12);
        assertEquals(1.0, step.multiplier(4, 20), 1e-12);
        assertEquals(0.5, step.multiplier(5, 20), 1e-12);
        assertEquals(0.25, step.multiplier(10, 20), 1e-12);
    }

    @Test
    void exponentialMultipliesBy085EachEpoch() {
        LearningRateSchedule e = TrainingPolicy.schedule("exponential");
        assertEquals(1.0, e.multiplier(0, 10), 1e-12);
        assertEquals(0.85 * 0.85 * 0.85, e.multiplier(3, 10), 1e-12);
    }

    @Test
    void cosineFallsFromTheRateTowardsFivePercent() {
        LearningRateSchedule c = TrainingPolicy.schedule("cosine");
        assertEquals(1.0, c.multiplier(0, 10), 1e-12);
        assertEquals(0.05 + 0.95 * 0.5, c.multiplier(5, 10), 1e-12, "half way: half way down");
        assertEquals(0.05 + 0.95 * 0.5 * (1 + Math.cos(Math.PI * 0.9)), c.multiplier(9, 10), 1e-12);
        assertTrue(c.multiplier(9, 10) < 0.1);
    }

    @Test
    void warmUpRisesLinearlyFromATenth() {
        LearningRateSchedule w = new LearningRateSchedule("constant", 1, 1, 2);
        assertEquals(0.1, w.multiplier(0, 10), 1e-12);
        assertEquals(0.55, w.multiplier(1, 10), 1e-12);
        assertEquals(1.0, w.multiplier(2, 10), 1e-12);
        // on top of a schedule: the schedule's multiplier times the warm-up's
        LearningRateSchedule cw = new LearningRateSchedule("cosine", 0.05, 1, 1);
        assertEquals(0.1, cw.multiplier(0, 10), 1e-12);
        assertEquals(TrainingPolicy.schedule("cosine").multiplier(1, 10), cw.multiplier(1, 10), 1e-12);
    }

    @Test
    void anUnknownScheduleNamesThePresets() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingPolicy.schedule("linear"));
        assertEquals("unknown schedule 'linear'; known: constant, step, exponential, cosine", e.getMessage());
    }

    @Test
    void theCommandLineNamesWhatDiffersFromTheDefaults() {
        TrainingRequest r = TrainingRequest.defaults("mnist").withModelName("m").withArchitecture("deep")
                .withOptimizer("adam", Map.of("learningRate", 0.002)).withEpochs(15).withBatchSize(64).withSeed(7)
                .withAugmentation(Augmentation.STANDARD).withSchedule(TrainingPolicy.schedule("cosine"))
                .withValidationFraction(0.1).withEarlyStopping(TrainingPolicy.earlyStopping(2));
        assertEquals("./digits train mnist --name m --architecture deep --optimizer adam --epochs 15 --batch 64"
                + " --seed 7 --learningRate 0.002 --augment --patience 2 --schedule cosine --validation 0.1",
                TrainingPolicy.command(r, "deep"));
        assertEquals("./digits train mnist --name mnist-reference --architecture reference --optimizer adamax"
                + " --epochs 10 --batch 32 --seed 42", TrainingPolicy.command(TrainingRequest.defaults("mnist"), "reference"));
    }
}
