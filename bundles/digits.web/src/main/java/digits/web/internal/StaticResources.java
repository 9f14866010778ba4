package digits.web.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardResource;

/**
 * The page's script and style sheet, served by the whiteboard's resource support from this
 * bundle's {@code /web} folder at {@code /static/}.
 */
@Component(service = StaticResources.class)
@HttpWhiteboardResource(pattern = "/static/*", prefix = "/web")
public final class StaticResources {
}
