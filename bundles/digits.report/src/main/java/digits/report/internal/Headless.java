package digits.report.internal;

/** Java 2D without a display. */
public final class Headless {

    private Headless() {}

    /**
     * Asks for headless AWT unless someone chose already. The workbench's window is SWT; AWT only
     * draws into offscreen images here, and headless mode keeps it from opening a connection of
     * its own to the X server beside GTK's (or failing where there is no display). It must be set
     * before AWT's graphics environment first starts; afterwards it changes nothing.
     */
    public static void ensure() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }
}
