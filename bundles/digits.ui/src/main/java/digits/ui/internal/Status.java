package digits.ui.internal;

/** Where views report what happened: the status line, and a dialog for errors. UI thread only. */
public interface Status {

    /** A line for the status bar. */
    void message(String text);

    /** Something went wrong that the user should fix or know: the status line, in a warning colour. */
    void problem(String text);

    /** An operation failed: the status line and a dialog. */
    void error(String operation, String detail);
}
