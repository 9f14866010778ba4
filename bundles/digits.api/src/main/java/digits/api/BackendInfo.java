package digits.api;

/**
 * What the engine computes on.
 *
 * @param backend         {@code CPU} or {@code CUDA}
 * @param device          the CPU model or GPU name
 * @param threads         compute threads (OpenMP for the CPU backend)
 * @param offHeapLimit    bytes of off-heap memory ND4J may use
 * @param library         the native library variant loaded, e.g. {@code linux-x86_64-onednn-avx2, layer helpers on}
 * @param note            why this backend was chosen (for example why the GPU was not used); may be empty
 */
public record BackendInfo(String backend, String device, int threads, long offHeapLimit, String library,
        String note) {

    /** One line for the status bar and the shell. */
    public String summary() {
        String line = backend + " on " + device + ", " + threads + " threads, off-heap limit "
                + (offHeapLimit >> 20) + " MiB, " + library;
        return note.isEmpty() ? line : line + " (" + note + ")";
    }
}
