package digits.shell.internal;

import digits.api.BackendInfo;
import digits.api.HyperParameter;
import digits.api.engine.Optimizer;

/**
 * Training settings for the backend in use. On a GPU, small batches leave it idle, so the preset
 * takes batch 256 with the learning rate scaled by the square root of the batch ratio (the rule
 * that keeps adaptive optimizers stable) and one epoch of warm-up. cuDNN helpers are DL4J's own
 * choice on the CUDA backend when the -cudnn build is present. On the CPU, batch 32 as the
 * reference. A batch or learning rate the user gives always wins.
 *
 * @param applies      whether the GPU preset is in force
 * @param batch        the batch size to use
 * @param learningRate the learning rate to use (when {@code applies})
 */
record GpuPreset(boolean applies, int batch, double learningRate) {

    static final int CPU_BATCH = 32;
    static final int GPU_BATCH = 256;

    static GpuPreset forBackend(BackendInfo backend, int requestedBatch, double requestedRate, Optimizer optimizer) {
        boolean gpu = "CUDA".equals(backend.backend());
        if (!gpu || requestedBatch > 0 || requestedRate > 0 || optimizer == null) {
            return new GpuPreset(false, requestedBatch > 0 ? requestedBatch : CPU_BATCH, requestedRate);
        }
        double base = optimizer.hyperParameters().stream().filter(h -> h.name().equals("learningRate"))
                .mapToDouble(HyperParameter::defaultValue).findFirst().orElse(0.001);
        return new GpuPreset(true, GPU_BATCH, base * Math.sqrt(GPU_BATCH / (double) CPU_BATCH));
    }

    String describe() {
        return String.format("batch %d, learning rate %.4g (scaled by sqrt(%d/%d)), 1 epoch of warm-up", batch,
                learningRate, GPU_BATCH, CPU_BATCH);
    }
}
