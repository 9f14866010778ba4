/**
 * Image helpers and training augmentation for 28x28 digit images: {@link digits.preprocess.Images}
 * reads, converts and renders grayscale images, {@link digits.preprocess.Augmenter} distorts
 * training images reproducibly. The {@link digits.api.Preprocessor} services themselves are
 * private components of this bundle; use them through the service registry.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package digits.preprocess;
