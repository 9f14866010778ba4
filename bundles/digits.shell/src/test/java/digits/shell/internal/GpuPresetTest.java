package digits.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.BackendInfo;
import digits.api.HyperParameter;
import digits.api.engine.Optimizer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.IUpdater;

class GpuPresetTest {

    static final Optimizer ADAMAX = new Optimizer() {
        @Override
        public String id() {
            return "adamax";
        }

        @Override
        public String description() {
            return "";
        }

        @Override
        public List<HyperParameter> hyperParameters() {
            return List.of(new HyperParameter("learningRate", "", 0.001, 0, 1));
        }

        @Override
        public IUpdater createUpdater(Map<String, Double> values) {
            throw new UnsupportedOperationException();
        }
    };

    static BackendInfo backend(String kind) {
        return new BackendInfo(kind, "device", 2, 1 << 30, "lib", "");
    }

    @Test
    void onTheCpuTheReferenceBatchIsKept() {
        GpuPreset p = GpuPreset.forBackend(backend("CPU"), 0, 0, ADAMAX);
        assertFalse(p.applies());
        assertEquals(32, p.batch());
    }

    @Test
    void onAGpuLargerBatchesWithAScaledLearningRate() {
        GpuPreset p = GpuPreset.forBackend(backend("CUDA"), 0, 0, ADAMAX);
        assertTrue(p.applies());
        assertEquals(256, p.batch());
        assertEquals(0.001 * Math.sqrt(8), p.learningRate(), 1e-12);
    }

    @Test
    void whatTheUserAsksForWins() {
        GpuPreset p = GpuPreset.forBackend(backend("CUDA"), 64, 0, ADAMAX);
        assertFalse(p.applies());
        assertEquals(64, p.batch());
    }
}
