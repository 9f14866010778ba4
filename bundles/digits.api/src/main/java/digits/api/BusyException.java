package digits.api;

/** Thrown when a training run is asked for while another one is running. */
public class BusyException extends Exception {
    private static final long serialVersionUID = 1L;

    public BusyException(String message) {
        super(message);
    }
}
