package digits.api;

/**
 * Stop when validation loss has not improved by at least {@code minDelta} for {@code patience}
 * epochs. A patience of 0 switches early stopping off.
 */
public record EarlyStopping(int patience, double minDelta) {

    public static final EarlyStopping OFF = new EarlyStopping(0, 0);

    public boolean enabled() {
        return patience > 0;
    }
}
