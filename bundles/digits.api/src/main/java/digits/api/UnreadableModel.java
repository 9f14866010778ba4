package digits.api;

/**
 * A model in the store that cannot be used, and why (its metadata is not valid JSON, lacks
 * fields, or its model file is missing or not a model).
 *
 * @param name   the model's name ({@code NAME.zip}, {@code NAME.json})
 * @param reason one line naming the file and the problem
 */
public record UnreadableModel(String name, String reason) {}
