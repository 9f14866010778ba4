package digits.report.internal;

import digits.report.ReportWriter;
import java.util.Arrays;
import java.util.List;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code digits:report [--compare OTHER,...] MODEL}, also run as {@code ./digits report MODEL}. */
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
            @Descriptor("compare with these models, comma-separated: curves, metrics, the images where they disagree")
            @Parameter(names = {"--compare"}, absentValue = "") String compare,
            @Descriptor("model name in models/") String model) throws Exception {
        List<String> others = Arrays.stream(compare.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        return writer.report(model, limit, others).toAbsolutePath().toString();
    }
}
