/**
 * Model loading and inference for explanations: the JSON {@link
 * dev.decomcam.processor.engine.ModelSpec}, preprocessing ({@link
 * dev.decomcam.processor.engine.FrameTranslator}), and DJL-backed {@link
 * dev.decomcam.processor.engine.ExplainableModel}s (PyTorch TorchScript, ONNX Runtime, DJL's
 * TensorRT engine) that return the explained layer's activations, the logits and the gradient of a
 * target logit, analytic for GAP+linear heads and by autograd otherwise.
 *
 * <p>One job per class, in the manner of DJL's {@code Predictor}/{@code Translator}: an {@code
 * EngineNetwork} per engine ({@code TorchScriptModel}, {@code OnnxModel}) runs the network and
 * holds every engine-specific call; {@code DjlExplainableModel} routes calls to {@code
 * FrameTranslator} (image to input), {@code InputBatcher} (inputs to a batch tensor), {@code
 * ForwardPass} (forward + gradient), {@code BatchedScorer} (masked scoring); {@code ModelVerifier}
 * and {@code BatchCalibration} run once at load. ONNX files are read through classes generated from
 * {@code src/main/proto/onnx.proto} ({@code dev.decomcam.processor.engine.onnx}).
 *
 * <p>Entry point: {@link dev.decomcam.processor.engine.ModelLoader#load}. The algorithm packages
 * see only {@code ModelInput}, {@code FeatureMaps} and {@code MaskedScorer}; nothing DJL leaves
 * here.
 */
package dev.decomcam.processor.engine;
