/**
 * Model insight: the network drawn block by block ({@link digits.report.NetworkDiagram}, usable
 * by any bundle, the UI included) and self-contained HTML reports of a model's training and
 * evaluation ({@link digits.report.ReportWriter}, a service).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package digits.report;
