package digits.api;

/**
 * Random distortions applied to training images, seeded so a run is reproducible.
 *
 * @param maxShift    pixels of shift in each direction
 * @param maxRotation degrees of rotation either way
 * @param maxScale    fraction of scaling either way (0.1 = 90%..110%)
 * @param elastic     whether to add elastic distortion
 */
public record Augmentation(int maxShift, double maxRotation, double maxScale, boolean elastic) {

    public static final Augmentation NONE = new Augmentation(0, 0, 0, false);
    /** Shifts of 2 px, rotations of 12 degrees, scaling by 10%: what MNIST's errors call for. */
    public static final Augmentation STANDARD = new Augmentation(2, 12, 0.10, false);

    public boolean enabled() {
        return maxShift > 0 || maxRotation > 0 || maxScale > 0 || elastic;
    }
}
