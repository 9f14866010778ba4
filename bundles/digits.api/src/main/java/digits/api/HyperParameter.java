package digits.api;

/**
 * One tunable number of an optimizer or schedule, described so a UI can show it as a field.
 *
 * @param name         the key used in {@link TrainingRequest#hyperParameters()}, e.g. {@code learningRate}
 * @param description  what it does, for a tooltip
 * @param defaultValue the value used when the request names none
 * @param min          the smallest sensible value
 * @param max          the largest sensible value
 */
public record HyperParameter(String name, String description, double defaultValue, double min, double max) {

    public HyperParameter {
        if (defaultValue < min || defaultValue > max) {
            throw new IllegalArgumentException(name + ": default " + defaultValue + " outside [" + min + ", " + max + "]");
        }
    }
}
