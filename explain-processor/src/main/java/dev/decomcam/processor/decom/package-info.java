/**
 * Saliency algorithms as pure functions over float arrays: Grad-CAM, Grad-CAM++, Score-CAM and
 * Decom-CAM (with its principal-component decomposition, bicubic upsampling, Gaussian blur and
 * component weighting); {@link dev.decomcam.processor.decom.SaliencyMethods} maps a method's name
 * to it. Imports nothing from Kafka, Avro, DJL or I/O: the caller hands in the normalised input,
 * the explained layer's activations and gradient, and a {@link
 * dev.decomcam.processor.decom.MaskedScorer} implemented by the engine.
 *
 * <p>For video, {@link dev.decomcam.processor.decom.StreamingDecomCam} (mode {@code streaming})
 * carries a per-camera {@link dev.decomcam.processor.decom.StreamingState} between frames: a {@link
 * dev.decomcam.processor.decom.WarmStartSvd} warm-started from the previous basis, components
 * tracked by {@link dev.decomcam.processor.track.ComponentTracker} and scores reused within a
 * refresh budget, so a frame costs about one forward pass plus one masked forward instead of one
 * per component. {@link dev.decomcam.processor.decom.DecomCam} (mode {@code full}) stays the
 * reference; both combine components through the same integration step. {@link
 * dev.decomcam.processor.decom.StreamingStateCodec} serialises the state to bytes for a state store
 * (in-memory byte buffers only; no files or network).
 *
 * <p>Shape follows pytorch-grad-cam: {@link dev.decomcam.processor.decom.SaliencyMethod} owns the
 * pipeline and each method overrides one hook.
 */
package dev.decomcam.processor.decom;
