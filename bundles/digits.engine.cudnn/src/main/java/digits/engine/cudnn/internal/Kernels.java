package digits.engine.cudnn.internal;

/**
 * The engine's own GPU kernels, compiled by NVRTC at start for the device's architecture: bias and
 * ReLU, input dropout, softmax cross-entropy, and the update rules of the shipped optimizers with
 * ND4J 1.0.0-M2.1's formulas. Per-step values (learning rate, iteration, dropout seed) are read
 * from device memory, so that a captured CUDA graph of the whole step can be replayed unchanged.
 */
final class Kernels {

    private Kernels() {}

    /** step[0] = learning rate, step[1] = iteration t (1-based), step[2] = dropout seed (an integer). */
    static final String SOURCE = """
            extern "C" {

            __global__ void bias_relu(float* y, const float* b, int rows, int cols, int relu) {
                int i = blockIdx.x * blockDim.x + threadIdx.x;
                if (i >= rows * cols) return;
                float v = y[i] + b[i % cols];
                y[i] = relu && v < 0.f ? 0.f : v;
            }

            __global__ void relu(float* y, int n) {
                int i = blockIdx.x * blockDim.x + threadIdx.x;
                if (i < n && y[i] < 0.f) y[i] = 0.f;
            }

            /* The gradient through ReLU: zero where its output is zero (the derivative at 0 is 0, as in DL4J). */
            __global__ void relu_backward(const float* y, float* dy, int n) {
                int i = blockIdx.x * blockDim.x + threadIdx.x;
                if (i < n && !(y[i] > 0.f)) dy[i] = 0.f;
            }

            /* db[c] = sum over rows of dy[r][c] */
            __global__ void bias_grad(const float* dy, float* db, int rows, int cols) {
                int c = blockIdx.x * blockDim.x + threadIdx.x;
                if (c >= cols) return;
                float s = 0.f;
                for (int r = 0; r < rows; r++) s += dy[r * cols + c];
                db[c] = s;
            }

            __device__ unsigned int hash(unsigned long long x) {
                x ^= x >> 33; x *= 0xff51afd7ed558ccdULL; x ^= x >> 33; x *= 0xc4ceb9fe1a85ec53ULL; x ^= x >> 33;
                return (unsigned int) x;
            }

            /* Inverted input dropout: keep with probability keep, scale kept inputs by 1/keep. */
            __global__ void dropout(const float* x, float* y, float* mask, int n, float keep, const float* step, int layer) {
                int i = blockIdx.x * blockDim.x + threadIdx.x;
                if (i >= n) return;
                unsigned long long seed = (unsigned long long) step[2];
                unsigned long long t = (unsigned long long) step[1];
                unsigned int h = hash(((seed * 1000003ULL + t) * 131ULL + layer) * 4294967311ULL + i);
                float m = (h * 2.3283064365386963e-10f) < keep ? 1.f / keep : 0.f;
                mask[i] = m;
                y[i] = x[i] * m;
            }

            __global__ void multiply(float* dx, const float* mask, int n) {
                int i = blockIdx.x * blockDim.x + threadIdx.x;
                if (i < n) dx[i] *= mask[i];
            }

            /* Softmax and the gradient of the mean cross-entropy, one thread per row; loss accumulates the mean. */
            __global__ void softmax_xent(const float* z, const int* labels, float* p, float* dz, float* loss, int rows, int classes) {
                int r = blockIdx.x * blockDim.x + threadIdx.x;
                if (r >= rows) return;
                const float* zr = z + r * classes;
                float mx = zr[0];
                for (int c = 1; c < classes; c++) mx = fmaxf(mx, zr[c]);
                float sum = 0.f;
                for (int c = 0; c < classes; c++) sum += expf(zr[c] - mx);
                int label = labels[r];
                for (int c = 0; c < classes; c++) {
                    float pc = expf(zr[c] - mx) / sum;
                    p[r * classes + c] = pc;
                    if (dz) dz[r * classes + c] = (pc - (c == label ? 1.f : 0.f)) / rows;
                }
                if (loss) atomicAdd(loss, -(zr[label] - mx - logf(sum)) / rows);
            }

            __global__ void softmax(const float* z, float* p, int rows, int classes) {
                int r = blockIdx.x * blockDim.x + threadIdx.x;
                if (r >= rows) return;
                const float* zr = z + r * classes;
                float mx = zr[0];
                for (int c = 1; c < classes; c++) mx = fmaxf(mx, zr[c]);
                float sum = 0.f;
                for (int c = 0; c < classes; c++) sum += expf(zr[c] - mx);
                for (int c = 0; c < classes; c++) p[r * classes + c] = expf(zr[c] - mx) / sum;
            }

            /* The update rules, ND4J's formulas. mask is 0 where a parameter is not trained (batch-norm
               statistics); m and v are the rule's state slots, h1 its first hyper-parameter (beta1,
               momentum or decay); step[0] is the learning rate, step[1] the 1-based iteration. */
            #define UPDATE_RULE(name) __global__ void name(float* w, const float* g, float* m, float* v, \\
                const float* mask, int n, float h1, float b2, float eps, const float* step) { \\
                int i = blockIdx.x * blockDim.x + threadIdx.x; if (i >= n || mask[i] == 0.f) return; \\
                float lr = step[0], t = step[1], gi = g[i];

            UPDATE_RULE(adam)
                float mi = h1 * m[i] + (1.f - h1) * gi, vi = b2 * v[i] + (1.f - b2) * gi * gi;
                m[i] = mi; v[i] = vi;
                w[i] -= lr * sqrtf(1.f - powf(b2, t)) / (1.f - powf(h1, t)) * mi / (sqrtf(vi) + eps);
            }

            UPDATE_RULE(adamax)
                float mi = h1 * m[i] + (1.f - h1) * gi, ui = fmaxf(b2 * v[i], fabsf(gi));
                m[i] = mi; v[i] = ui;
                w[i] -= lr / (1.f - powf(h1, t)) * mi / (ui + eps);
            }

            UPDATE_RULE(adabelief)
                float mi = h1 * m[i] + (1.f - h1) * gi, d = gi - mi, si = b2 * v[i] + (1.f - b2) * d * d + eps;
                m[i] = mi; v[i] = si;
                w[i] -= lr * sqrtf(1.f - powf(b2, t)) / (1.f - powf(h1, t)) * mi / (sqrtf(si) + eps);
            }

            UPDATE_RULE(nesterovs)
                float prev = m[i], vi = h1 * prev - lr * gi;
                m[i] = vi;
                w[i] += -h1 * prev + (1.f + h1) * vi;
            }

            UPDATE_RULE(rmsprop)
                float si = h1 * m[i] + (1.f - h1) * gi * gi;
                m[i] = si;
                w[i] -= lr * gi / sqrtf(si + eps);
            }
            }
            """;

    static final String[] NAMES = {"bias_relu", "relu", "relu_backward", "bias_grad", "dropout", "multiply",
        "softmax_xent", "softmax", "adam", "adamax", "adabelief", "nesterovs", "rmsprop"};
}
