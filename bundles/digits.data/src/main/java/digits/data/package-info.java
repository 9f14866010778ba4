/**
 * What the data bundle offers beyond the {@code digits.api} dataset contract: the
 * {@link digits.data.DrawingStore}, where the canvas saves labelled drawings for the
 * {@code drawings} dataset.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package digits.data;
