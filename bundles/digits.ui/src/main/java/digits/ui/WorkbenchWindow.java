package digits.ui;

import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The open workbench window, published as a service while it is open. Methods may be called
 * from any thread; they run on the UI thread and wait for it.
 */
@ProviderType
public interface WorkbenchWindow {

    /** The window's title. */
    String title();

    /** Saves a PNG of the window as it is on screen. */
    void screenshot(Path png) throws Exception;
}
