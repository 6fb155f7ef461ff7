/**
 * Model loading and inference for explanations: the JSON {@link dev.decomcam.processor.engine.ModelSpec},
 * preprocessing ({@link dev.decomcam.processor.engine.FrameTranslator}), and DJL-backed
 * {@link dev.decomcam.processor.engine.ExplainableModel}s (PyTorch TorchScript, ONNX Runtime, ONNX
 * Runtime's TensorRT provider) that return the explained layer's activations, the logits and the
 * gradient of a target logit, analytic for GAP+linear heads and by autograd otherwise.
 *
 * <p>Entry point: {@link dev.decomcam.processor.engine.ModelLoader#load}. The algorithm packages see
 * only {@code ModelInput}, {@code FeatureMaps} and {@code MaskedScorer}; nothing DJL leaves here.
 */
package dev.decomcam.processor.engine;
