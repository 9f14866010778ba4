package digits.api;

/**
 * An adaptation of a stored model to one writer's images.
 *
 * @param modelName  the name the adapted model is stored under
 * @param fromModel  the stored model it starts from (left unchanged)
 * @param source     where the writer's images come from, as the user named it (for the model's origin)
 * @param writer     the writer's labelled 28x28 images, in the order drawn
 * @param policy     how: {@link AdaptationPolicy#DEFAULT}, perhaps with other epochs
 */
public record AdaptationRequest(String modelName, String fromModel, String source, LabelledImages writer,
        AdaptationPolicy policy) {

    public AdaptationRequest {
        if (modelName == null || modelName.isBlank() || fromModel == null || fromModel.isBlank()) {
            throw new IllegalArgumentException("an adaptation needs a model to start from and a name for the result");
        }
        if (writer.count() < AdaptationPolicy.MIN_IMAGES) {
            throw new IllegalArgumentException(source + " holds " + writer.count() + " images; adapting needs at least "
                    + AdaptationPolicy.MIN_IMAGES);
        }
    }

    /** The shell command that repeats this adaptation. */
    public String command() {
        return "./digits adapt --from " + fromModel + " --name " + modelName + " --epochs " + policy.epochs() + " "
                + source;
    }
}
