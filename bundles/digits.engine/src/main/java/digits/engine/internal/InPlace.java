package digits.engine.internal;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/** Reading ND4J arrays from Java without a copy where their memory already lies in C order. */
final class InPlace {

    private InPlace() {}

    /** {@code a} itself when it is a C-ordered block of its own shape, else a C-ordered copy. */
    static INDArray cOrdered(INDArray a) {
        return a.ordering() == 'c' && Shape.hasDefaultStridesForShape(a) ? a : a.dup('c');
    }

    /** Every value of {@code a}, in C order. */
    static float[] floats(INDArray a) {
        INDArray x = cOrdered(a);
        float[] out = new float[Math.toIntExact(x.length())];
        x.data().asNioFloat().get(Math.toIntExact(x.offset()), out);
        return out;
    }
}
