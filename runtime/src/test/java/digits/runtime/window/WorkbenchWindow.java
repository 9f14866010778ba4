package digits.runtime.window;

import java.nio.file.Path;
import java.util.List;

/**
 * The open workbench window, as the UI tests drive it. A test bundle ({@code
 * digits.runtime.window.driver}, built from the test classes and installed by {@link
 * digits.runtime.TestWorkbench}) publishes it as a service once the window is open; it finds the
 * widgets as a user does, by what they read (a tab's title, a button's text, a field's label), or
 * by the name the product gives a widget that reads nothing ({@code widget.getData("digits.id")}),
 * and reads painted widgets through their tooltips, the description GTK gives screen readers.
 * Only JDK types appear here: the test's class loader and the driver bundle share this package
 * through the system bundle, while the driver uses the framework's SWT bundle, the window's own.
 *
 * <p>Methods may be called from any thread except the UI thread (they run on the UI thread and
 * wait for it; called from the UI thread they throw {@link IllegalStateException}). Controls are
 * found by what a user reads: a tab by its title, a button by its text, a field by its label.
 */
public interface WorkbenchWindow {

    /** The window's title. */
    String title();

    /** Saves a PNG of the window as it is on screen. */
    void screenshot(Path png) throws Exception;

    /** The tabs' titles, in order: {@code Draw}, {@code Train}, {@code Evaluate}, {@code Models}, {@code Bundles}. */
    List<String> tabs();

    /** Brings a tab to the front. */
    void selectTab(String name);

    /** The title of the tab in front. */
    String selectedTab();

    /**
     * Presses the enabled button with this text on the tab in front, as a click would.
     *
     * @throws IllegalStateException when there is no such button or it is disabled
     */
    void clickButton(String text);

    /** Whether the button with this text on the tab in front is enabled. */
    boolean isButtonEnabled(String text);

    /**
     * Sets the field (text, combo or spinner) with this label on the tab in front, as typing or
     * choosing would, and tells its listeners.
     */
    void setField(String label, String value);

    /** The value of the field with this label on the tab in front. */
    String field(String label);

    /**
     * Draws one stroke on the canvas with real mouse events (move, press, moves, release) posted
     * to the display at the canvas's screen position, so the canvas's own listeners run. Returns
     * once the canvas has taken the stroke.
     *
     * @param points {x, y} pairs on a 280x280 canvas; scaled to the canvas's actual size
     */
    void drawStroke(List<int[]> points);

    /** Clears the canvas, as the Clear button does. */
    void clearCanvas();

    /** The predicted digit as shown (e.g. {@code "7"}), or empty while the canvas shows the hint. */
    String predictedDigitText();

    /**
     * Waits until the prediction for the drawing as it is now is shown, and returns its digit
     * (empty for an empty canvas).
     *
     * @throws IllegalStateException after the timeout
     */
    String awaitPrediction(long timeoutMillis);

    /** The rows of the top-5 table as shown, e.g. {@code "7 99.12%"}; empty while the hint is shown. */
    List<String> topFiveRows();

    /** The recognizer ids the Draw tab's selector offers, in its order. */
    List<String> recognizerChoices();

    /** The status line: backend, recognizer, optimizer and the last message. */
    String statusText();

    /** The training progress text, e.g. {@code "epoch 1/1 · batch 53/53 · 100% · elapsed 0:07 · ETA 0:00"}. */
    String progressText();

    /** The training progress bar, 0 to 100. */
    int progressPercent();

    /**
     * How many points a chart holds, over all its series.
     *
     * @param chart {@code loss}, {@code accuracy} or {@code batch loss}
     */
    int chartPointCount(String chart);

    /** The confusion matrix the Evaluate tab shows, rows true class, columns predicted; empty before an evaluation. */
    int[][] confusionMatrix();

    /**
     * Goes to a cell of the confusion matrix as a user would: a real mouse click on the matrix,
     * then real arrow-key presses to the cell; returns the caption of the gallery then shown.
     */
    String clickConfusionCell(int trueClass, int predictedClass);

    /** How many images the Evaluate tab's gallery shows. */
    int galleryImageCount();

    /** The rows of the (first) table on the tab in front, cells separated by {@code " | "}. */
    List<String> tableRows();

    /**
     * Selects the first row of that table whose text contains {@code text}, as a click would.
     *
     * @throws IllegalStateException when no row contains it
     */
    void selectTableRow(String text);

    /** Closes the window as its close button does (which stops the framework). */
    void close();

    /** Whether the Draw tab lays a saliency map over the input the model saw. */
    boolean showsSaliency();

    /** The names of the series a chart draws now (the Models tab's comparison: one per model). */
    List<String> chartSeries(String chart);

    /** The text of the label named {@code name} (its {@code digits.id}), e.g. a gallery's caption. */
    String labelText(String name);

    /**
     * Moves the real pointer to ({@code x}, {@code y}) in the widget named {@code name} and
     * returns the tooltip it shows there (a gallery's tile says what it is so), once it has one.
     */
    String tooltipAt(String name, int x, int y);

    /** A real click (pointer moved there, button 1 pressed and released) at ({@code x}, {@code y}) in the widget named {@code name}. */
    void clickAt(String name, int x, int y);
}
