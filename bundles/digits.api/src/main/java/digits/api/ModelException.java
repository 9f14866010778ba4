package digits.api;

/** A model file is missing, corrupt, foreign or of the wrong shape; the message says which. */
public class ModelException extends Exception {
    private static final long serialVersionUID = 1L;

    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
