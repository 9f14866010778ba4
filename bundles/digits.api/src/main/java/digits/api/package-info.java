/**
 * The contracts between the workbench's bundles: datasets, preprocessing, recognition, training,
 * evaluation and the model store. Plain Java types only; nothing here depends on DL4J or SWT.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.6.0")
package digits.api;
