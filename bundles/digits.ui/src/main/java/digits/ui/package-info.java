/** What the workbench window offers other bundles and tests: screenshots and scripted input. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package digits.ui;
