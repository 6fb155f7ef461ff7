/**
 * Faithfulness, localisation and stability metrics of saliency maps, as fixed in {@code
 * EVALUATION.md}: deletion and insertion curves with their trapezoid AUC, average drop and increase
 * in confidence, the pointing game and its energy-based form, temporal stability between
 * consecutive frames, and the subsets of the Decom-CAM protocol (confidence deciles, correct and
 * wrong, overall).
 *
 * <p>Pure code over float arrays and {@link dev.decomcam.processor.decom.ModelInput}s: the model is
 * reached only through {@link dev.decomcam.processor.evaluate.ClassScores}, so every metric can be
 * tested with a fake model. No Kafka, engine or file I/O.
 */
package dev.decomcam.processor.evaluate;
