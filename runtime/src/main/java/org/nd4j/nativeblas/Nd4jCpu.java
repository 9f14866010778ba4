package org.nd4j.nativeblas;

/**
 * Switches DL4J's oneDNN layer helpers back on. DL4J 1.0.0-M2.1 asks whether oneDNN is in use
 * through the class {@code org.nd4j.nativeblas.Nd4jCpu$Environment}, its pre-M2 name, which no
 * longer exists; so the check fails and convolution and pooling fall back to im2col + gemm (about
 * 2.5x slower here). This class answers that question from the real
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment}. It lies on the framework's
 * class path (design A) beside ND4J; with the CUDA backend DL4J never asks.
 */
public final class Nd4jCpu {

    private Nd4jCpu() {}

    /** What DL4J's {@code BaseMKLDNNHelper} looks up by name and calls reflectively. */
    public static final class Environment {
        private static final Environment INSTANCE = new Environment();

        public static Environment getInstance() {
            return INSTANCE;
        }

        public boolean isUseMKLDNN() {
            try {
                Class<?> env = Class.forName("org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment",
                        true, Nd4jCpu.class.getClassLoader());
                Object instance = env.getMethod("getInstance").invoke(null);
                return (Boolean) env.getMethod("isUseONEDNN").invoke(instance);
            } catch (ReflectiveOperationException | LinkageError e) {
                return false; // not the CPU backend
            }
        }
    }
}
