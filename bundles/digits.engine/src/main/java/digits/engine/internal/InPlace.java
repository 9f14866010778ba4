package digits.engine.internal;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Reading ND4J arrays from Java without a copy where their memory already lies in C order. */
final class InPlace {

    private InPlace() {}

    /** {@code a} itself when it is a C-ordered block of its own shape, else a C-ordered copy. */
    static INDArray cOrdered(INDArray a) {
        return isCOrderedBlock(a) ? a : a.dup('c');
    }

    /**
     * Whether {@code a}'s values lie one after another in C order from its offset: views too (a
     * batch's first rows), which ND4J's {@code Shape.hasDefaultStridesForShape} turns down.
     */
    static boolean isCOrderedBlock(INDArray a) {
        return a.ordering() == 'c' && Arrays.equals(a.stride(), Nd4j.getStrides(a.shape(), 'c'));
    }

    /** Every value of {@code a}, in C order. */
    static float[] floats(INDArray a) {
        INDArray x = cOrdered(a);
        float[] out = new float[Math.toIntExact(x.length())];
        Floats.of(x).get(0, out);
        return out;
    }

    /** A C-ordered array's values in place ({@link #cOrdered}), by index from its first. */
    record Floats(FloatBuffer data, int offset) {
        static Floats of(INDArray a) {
            return new Floats(a.data().asNioFloat(), Math.toIntExact(a.offset()));
        }

        void get(int at, float[] dst) {
            data.get(offset + at, dst);
        }

        void get(int at, float[] dst, int length) {
            data.get(offset + at, dst, 0, length);
        }

        void put(int at, float[] src) {
            data.put(offset + at, src);
        }

        void put(int at, float[] src, int length) {
            data.put(offset + at, src, 0, length);
        }

        float get(int at) {
            return data.get(offset + at);
        }

        void put(int at, float v) {
            data.put(offset + at, v);
        }
    }
}
