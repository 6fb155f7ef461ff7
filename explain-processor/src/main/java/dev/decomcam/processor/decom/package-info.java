/**
 * Saliency algorithms as pure functions over float arrays: Grad-CAM and Decom-CAM (with its
 * principal-component decomposition, bicubic upsampling, Gaussian blur and component weighting).
 * Imports nothing from Kafka, Avro, DJL or I/O: the caller hands in the normalised input, the
 * explained layer's activations and gradient, and a {@link dev.decomcam.processor.decom.MaskedScorer}
 * implemented by the engine.
 *
 * <p>Shape follows pytorch-grad-cam: {@link dev.decomcam.processor.decom.SaliencyMethod} owns the
 * pipeline and each method overrides one hook.
 */
package dev.decomcam.processor.decom;
