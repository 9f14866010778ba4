package digits.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The builders of the API's records: each component set on a builder lands in that component and
 * nowhere else, and {@code toBuilder()} carries every component over. Walks the records'
 * components, so a component added later without its builder setter fails here.
 */
class BuildersTest {

    /**
     * A value of a component's type, different for each component name and each {@code variant}
     * (numbers from the name's hash), and unlike the policy's defaults.
     */
    static Object sample(Class<?> type, String name, int variant) {
        int n = 100 + Math.floorMod(name.hashCode(), 1000) * 2 + variant;
        if (type == String.class) {
            return "sample-" + name + "-" + variant;
        } else if (type == int.class) {
            return n;
        } else if (type == long.class) {
            return (long) n * 1000;
        } else if (type == double.class) {
            return n / 4096.0;
        } else if (type == Map.class) {
            return Map.of("learningRate", n / 4096.0);
        } else if (type == List.class) {
            return List.of(new EpochMetrics(variant, 1, 0.5, 1.1, 0.4, 0.6, 0.4, 0.4, 0.001, 10, 20));
        } else if (type == Augmentation.class) {
            return variant == 0 ? Augmentation.NONE : Augmentation.STANDARD;
        } else if (type == EarlyStopping.class) {
            return new EarlyStopping(n, 1e-3);
        } else if (type == LearningRateSchedule.class) {
            return new LearningRateSchedule("step", 0.5, n, 1);
        } else if (type == Calibration.class) {
            return variant == 0 ? null : Calibration.NONE;
        }
        throw new AssertionError("no sample for " + type + " " + name + ": add one");
    }

    /** A record whose every component holds its own sample value. */
    static <R extends Record> R distinct(Class<R> type) throws Exception {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = sample(types[i], components[i].getName(), 0);
        }
        return type.getDeclaredConstructor(types).newInstance(values);
    }

    /** Sets each component in turn on a fresh builder of {@code base} and checks the record built. */
    static void eachComponentLandsInItsPlace(Record base, Class<?> builderType) throws Exception {
        Method toBuilder = base.getClass().getMethod("toBuilder");
        Method build = builderType.getMethod("build");
        assertEquals(base, build.invoke(toBuilder.invoke(base)), "toBuilder().build() is the same record");
        for (RecordComponent c : base.getClass().getRecordComponents()) {
            if (base instanceof TrainingRequest && c.getName().equals("hyperParameters")) {
                continue; // set together with the optimizer's id: optimizerId below
            }
            Object builder = toBuilder.invoke(base);
            Object value = sample(c.getType(), c.getName(), 1);
            if (base instanceof TrainingRequest && c.getName().equals("optimizerId")) {
                builderType.getMethod("optimizer", String.class, Map.class).invoke(builder, value, Map.of("beta1", 0.8));
            } else {
                builderType.getMethod(c.getName(), c.getType()).invoke(builder, value);
            }
            Record built = (Record) build.invoke(builder);
            for (RecordComponent other : base.getClass().getRecordComponents()) {
                Object got = other.getAccessor().invoke(built);
                if (other.getName().equals(c.getName())) {
                    assertEquals(value, got, c.getName());
                } else if (!(c.getName().equals("optimizerId") && other.getName().equals("hyperParameters"))) {
                    assertEquals(other.getAccessor().invoke(base), got, "setting " + c.getName() + " changed " + other.getName());
                }
            }
        }
    }

    @Test
    void trainingRequestBuilderSetsEachComponentAndNothingElse() throws Exception {
        assertEquals(TrainingPolicy.defaults("mnist"), TrainingRequest.builder("mnist").build(),
                "a builder starts from the policy's defaults");
        eachComponentLandsInItsPlace(distinct(TrainingRequest.class), TrainingRequest.Builder.class);
        TrainingRequest adam = TrainingRequest.builder("mnist").optimizer("adam", Map.of("beta1", 0.8)).build();
        assertEquals("adam", adam.optimizerId());
        assertEquals(Map.of("beta1", 0.8), adam.hyperParameters());
    }

    @Test
    void trainingRequestBuilderChecksWhatItBuilds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingRequest.builder("mnist").epochs(0).build());
        assertTrue(e.getMessage().contains("epochs must be at least 1"), e.getMessage());
    }

    @Test
    void modelInfoBuilderSetsEachComponentAndNothingElse() throws Exception {
        assertTrue(Double.isNaN(ModelInfo.builder("m").build().testAccuracy()), "not measured until set");
        eachComponentLandsInItsPlace(distinct(ModelInfo.class), ModelInfo.Builder.class);
    }
}
