/**
 * Where a training engine for other hardware plugs into the DL4J trainer: it runs the training
 * steps, the trainer keeps the rest (data, schedule, augmentation, checkpoints, early stopping,
 * validation and the stored model, all in DL4J's format).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package digits.engine.accelerator;
