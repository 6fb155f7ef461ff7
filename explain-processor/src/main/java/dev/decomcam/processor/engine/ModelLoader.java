package dev.decomcam.processor.engine;

import ai.djl.Device;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.engine.Engine;
import java.nio.file.Path;

/**
 * Loads a model spec into an {@link ExplainableModel} on the engine the spec (or the options) name,
 * then checks it on one input (shapes, labels count, GAP+linear head) so a bad spec fails at start,
 * not on the first frame.
 *
 * <pre>{@code
 * try (ExplainableModel m = ModelLoader.load(Path.of("models/mobilenetv2-imagenet.spec.json"),
 *     EngineOptions.defaults().withEngine(EngineKind.ONNX_RUNTIME))) { ... }
 * }</pre>
 *
 * <p>Threads: {@link EngineOptions#threads()} sets ONNX Runtime's intra-op threads for this session;
 * for PyTorch it sets libtorch's intra-op thread count, which is process-wide. With 0, the
 * {@code ai.djl.pytorch.num_threads} / {@code ai.djl.onnxruntime.num_threads} (and
 * {@code num_interop_threads}) system properties apply.
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
    DjlExplainableModel model = switch (spec.engine()) {
      case PYTORCH -> pytorch(spec, device, options.threads());
      case ONNX_RUNTIME -> onnx(spec, device, options.threads(), false);
      case TENSORRT -> onnx(spec, checkTensorRt(spec, device), options.threads(), true);
    };
    try {
      model.verify();
      model.calibrateBatch();
      return model;
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  private static DjlExplainableModel pytorch(ModelSpec spec, Device device, int threads) {
    ModelFiles f = spec.files();
    if (!f.hasTorchScript()) {
      throw new ModelLoadException(spec.where() + "engine PyTorch needs TorchScript files: add \"backbone\" + "
          + "\"head\" (or \"full\") to 'files', or use engine OnnxRuntime");
    }
    if (spec.headKind() == HeadKind.GENERAL && f.backbone() == null) {
      throw new ModelLoadException(spec.where() + "headKind general differentiates the head alone: give "
          + "files.backbone + files.head instead of files.full");
    }
    TorchScriptModel m = new TorchScriptModel(spec, device);
    if (threads > 0) {
      JniUtils.setNumThreads(threads);
    }
    return m;
  }

  private static DjlExplainableModel onnx(ModelSpec spec, Device device, int threads, boolean tensorRt) {
    String engine = spec.engine().spelling();
    if (spec.files().onnx() == null) {
      throw new ModelLoadException(spec.where() + "engine " + engine + " needs files.onnx: add \"onnx\": "
          + "\"model.onnx\" to 'files', or use engine PyTorch");
    }
    if (spec.headKind() == HeadKind.GENERAL) {
      throw new ModelLoadException(spec.where() + "headKind general needs autograd, which " + engine
          + " lacks: use engine PyTorch with TorchScript backbone + head, or a gap-linear head");
    }
    int intra = threads > 0 ? threads : Integer.getInteger("ai.djl.onnxruntime.num_threads", 0);
    int inter = threads > 0 ? 1 : Integer.getInteger("ai.djl.onnxruntime.num_interop_threads", 0);
    return new OnnxModel(spec, device, intra, inter, tensorRt);
  }

  /** DJL's TensorRT engine loads libnvinfer on first use; say plainly when it is missing. */
  private static Device checkTensorRt(ModelSpec spec, Device device) {
    String why;
    try {
      Engine.getEngine("TensorRT");
      why = null;
    } catch (RuntimeException | LinkageError e) {
      why = TorchScriptModel.oneLine(String.valueOf(e.getMessage()));
    }
    if (why != null) {
      throw new ModelLoadException(spec.where() + "engine TensorRT is not installed on this machine (DJL's "
          + "TensorRT engine cannot load: " + why + "): use --model.engine=PyTorch or OnnxRuntime, or install "
          + "TensorRT and CUDA and build with the gpu profile (mvn -Pgpu)");
    }
    if (!device.isGpu()) {
      throw new ModelLoadException(spec.where() + "engine TensorRT runs on a GPU only: set the device to gpu");
    }
    return device;
  }

  private static Device device(ModelSpec spec, String name) {
    try {
      return Device.fromName(name);
    } catch (RuntimeException e) {
      throw new ModelLoadException(spec.where() + "device '" + name + "' is not valid: use cpu, gpu or gpuN");
    }
  }
}
