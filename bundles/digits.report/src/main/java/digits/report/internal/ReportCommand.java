package digits.report.internal;

import digits.report.ReportWriter;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code digits:report MODEL}, also run as {@code ./digits report MODEL}. */
@Component(service = Object.class, property = {"osgi.command.scope=digits", "osgi.command.function=report"})
public final class ReportCommand {

    private final ReportWriter writer;

    @Activate
    public ReportCommand(@Reference ReportWriter writer) {
        this.writer = writer;
    }

    @Descriptor("evaluate a stored model on its dataset's test images and write its HTML report "
            + "(models/MODEL.d/report.html); prints the report's path")
    public String report(
            @Descriptor("evaluate on the first N test images only (0 = all)") @Parameter(names = {"--limit"}, absentValue = "0") int limit,
            @Descriptor("model name in models/") String model) throws Exception {
        return writer.report(model, limit).toAbsolutePath().toString();
    }
}
