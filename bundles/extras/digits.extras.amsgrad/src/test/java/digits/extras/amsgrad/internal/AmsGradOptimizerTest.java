package digits.extras.amsgrad.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.AMSGrad;

class AmsGradOptimizerTest {

    private final AmsGradOptimizer optimizer = new AmsGradOptimizer();

    @Test
    void missingValuesTakeTheDefaultsAndGivenOnesWin() {
        AMSGrad u = (AMSGrad) optimizer.createUpdater(Map.of("learningRate", 0.01));
        assertEquals(0.01, u.getLearningRate(), 1e-12);
        assertEquals(0.9, u.getBeta1(), 1e-12);
        assertEquals(0.999, u.getBeta2(), 1e-12);
        assertEquals(1e-7, u.getEpsilon(), 1e-18);
    }

    @Test
    void theLearningRateComesFirstAsTheTrainerExpects() {
        assertEquals("learningRate", optimizer.hyperParameters().get(0).name());
        assertEquals("amsgrad", optimizer.id());
    }
}
