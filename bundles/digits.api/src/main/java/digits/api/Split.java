package digits.api;

/** The parts of a dataset. Validation is carved out of the training images by a seeded split. */
public enum Split {
    TRAIN, VALIDATION, TEST
}
