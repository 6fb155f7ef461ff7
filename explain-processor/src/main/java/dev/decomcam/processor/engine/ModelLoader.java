package dev.decomcam.processor.engine;

import ai.djl.Device;
import java.nio.file.Path;

/**
 * Loads a model spec into an {@link ExplainableModel} on the engine the spec (or the options) name,
 * then checks it on one input (shapes, labels count, GAP+linear head) so a bad spec fails at start,
 * not on the first frame. Engine-neutral: what each engine needs (files, threads, natives) is
 * checked and set by its own class ({@link TorchScriptModel}, {@link OnnxModel}).
 *
 * <pre>{@code
 * try (ExplainableModel m = ModelLoader.load(Path.of("models/mobilenetv2-imagenet.spec.json"),
 *     EngineOptions.defaults().withEngine(EngineKind.ONNX_RUNTIME))) { ... }
 * }</pre>
 *
 * <p>Threads: {@link EngineOptions#threads()} sets ONNX Runtime's intra-op threads for this
 * session; for PyTorch it sets libtorch's intra-op thread count, which is process-wide. With 0, the
 * {@code ai.djl.pytorch.num_threads} / {@code ai.djl.onnxruntime.num_threads} (and {@code
 * num_interop_threads}) system properties apply.
 */
public final class ModelLoader {

  static {
    // the product never downloads engines or models at run time; natives come from the jars
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
  }

  private ModelLoader() {}

  public static ExplainableModel load(Path specFile, EngineOptions options) {
    ModelSpec spec = ModelSpec.load(specFile).with(options);
    Device device = device(spec, options.device());
    EngineNetwork network =
        switch (spec.engine()) {
          case PYTORCH -> TorchScriptModel.open(spec, device, options.threads());
          case ONNX_RUNTIME -> OnnxModel.open(spec, device, options.threads(), false);
          case TENSORRT -> OnnxModel.open(spec, device, options.threads(), true);
        };
    return DjlExplainableModel.open(spec, network);
  }

  private static Device device(ModelSpec spec, String name) {
    try {
      return Device.fromName(name);
    } catch (RuntimeException e) {
      throw new ModelLoadException(
          spec.where() + "device '" + name + "' is not valid: use cpu, gpu or gpuN");
    }
  }
}
