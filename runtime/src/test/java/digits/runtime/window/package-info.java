/** What the UI tests drive the window through; shared by the test class path and the driver bundle. */
package digits.runtime.window;
