package digits.engine.cudnn.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A network as the GPU engine runs it, in plain values (no DL4J type): read from DL4J's
 * configuration on the workbench, and written to text for the GPU check, which runs without DL4J.
 *
 * @param layers the layers in order; the input is 1x28x28
 */
record NetSpec(List<Layer> layers) {

    enum Kind { CONV, POOL, BATCHNORM, DENSE, OUTPUT }

    /**
     * One layer. Images are NCHW; a dense layer sees the flattened C*H*W features in that order, as
     * DL4J's CnnToFeedForwardPreProcessor flattens them.
     *
     * @param keep      the probability of keeping an input (DL4J's input dropout), 1 for none
     * @param kernel    the kernel (and, for pooling, stride) size
     * @param epsilon   batch normalisation's epsilon
     * @param decay     batch normalisation's running-average decay (DL4J's: new = decay*old + (1-decay)*batch)
     * @param logStd    whether DL4J stores log10 of the standard deviation instead of the variance
     */
    record Layer(Kind kind, String name, int inC, int inH, int inW, int outC, int outH, int outW, int kernel,
            double keep, double epsilon, double decay, boolean logStd) {

        int inSize() {
            return inC * inH * inW;
        }

        int outSize() {
            return outC * outH * outW;
        }

        /** Parameters in DL4J's flat vector. */
        int params() {
            return switch (kind) {
                case CONV -> outC + outC * inC * kernel * kernel;
                case DENSE, OUTPUT -> inSize() * outC + outC;
                case BATCHNORM -> 4 * outC;
                case POOL -> 0;
            };
        }

        String text() {
            return String.join(" ", kind.name(), name, "" + inC, "" + inH, "" + inW, "" + outC, "" + outH, "" + outW,
                    "" + kernel, "" + keep, "" + epsilon, "" + decay, "" + logStd);
        }

        static Layer parse(String line) {
            String[] f = line.trim().split(" ");
            if (f.length != 13) {
                throw new IllegalArgumentException("not a layer line: '" + line + "'");
            }
            return new Layer(Kind.valueOf(f[0]), f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                    Integer.parseInt(f[4]), Integer.parseInt(f[5]), Integer.parseInt(f[6]), Integer.parseInt(f[7]),
                    Integer.parseInt(f[8]), Double.parseDouble(f[9]), Double.parseDouble(f[10]),
                    Double.parseDouble(f[11]), Boolean.parseBoolean(f[12]));
        }
    }

    int params() {
        return layers.stream().mapToInt(Layer::params).sum();
    }

    /** The same network without dropout (for comparing gradients with DL4J on the same batch). */
    NetSpec withoutDropout() {
        List<Layer> out = new ArrayList<>();
        for (Layer l : layers) {
            out.add(new Layer(l.kind(), l.name(), l.inC(), l.inH(), l.inW(), l.outC(), l.outH(), l.outW(), l.kernel(),
                    1.0, l.epsilon(), l.decay(), l.logStd()));
        }
        return new NetSpec(out);
    }

    String text() {
        StringBuilder sb = new StringBuilder();
        layers.forEach(l -> sb.append(l.text()).append('\n'));
        return sb.toString();
    }

    static NetSpec parse(String text) {
        return new NetSpec(text.lines().filter(s -> !s.isBlank()).map(Layer::parse).toList());
    }
}
