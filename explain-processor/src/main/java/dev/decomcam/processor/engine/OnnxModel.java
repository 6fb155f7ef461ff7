package dev.decomcam.processor.engine;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An ONNX model file (outputs named {@code features} and {@code logits}) on one of the two DJL
 * engines that run ONNX files:
 *
 * <ul>
 *   <li>{@code OnnxRuntime}: DJL's ONNX Runtime engine, one session on the CPU (or, with the {@code
 *       gpu} profile's ONNX Runtime build, CUDA);
 *   <li>{@code TensorRT}: DJL's TensorRT engine ({@code ai.djl.tensorrt}), which is not ONNX
 *       Runtime: it hands the {@code .onnx} file to NVIDIA TensorRT's own ONNX parser (it also
 *       takes UFF files) and builds a TensorRT engine on the GPU, GPU only; it needs TensorRT and
 *       CUDA installed. DJL 0.32 runs that engine's block only through a {@code Predictor} session
 *       bound to the engine's fixed input shapes ({@code TrtSymbolBlock.forward} is unsupported),
 *       which {@link #infer} does not use yet: untested here, for want of a TensorRT machine.
 * </ul>
 *
 * <p>The analytic gradient's weights come from the file's initializers ({@link OnnxHeadReader});
 * the file is parsed once per load ({@link OnnxGraph}). {@code general} heads are not supported (no
 * autograd).
 */
final class OnnxModel implements EngineNetwork {

  private final ModelSpec spec;
  private final Model model;
  private final ParameterStore store;
  private final int featuresAt;
  private final int logitsAt;

  /** The parsed file, kept from the constructor until the load-time check has read the head. */
  private OnnxGraph graph;

  /**
   * Loads the spec's ONNX file on ONNX Runtime, or with {@code tensorRt} on DJL's TensorRT engine;
   * {@code threads > 0} sets ONNX Runtime's intra-op threads for this session (else the {@code
   * ai.djl.onnxruntime.num_threads} / {@code num_interop_threads} system properties apply).
   */
  static OnnxModel open(ModelSpec spec, Device device, int threads, boolean tensorRt) {
    if (tensorRt) {
      checkTensorRt(spec, device);
    }
    String engine = spec.engine().spelling();
    if (spec.files().onnx() == null) {
      throw new ModelLoadException(
          spec.where()
              + "engine "
              + engine
              + " needs files.onnx: add \"onnx\": "
              + "\"model.onnx\" to 'files', or use engine PyTorch");
    }
    if (spec.headKind() == HeadKind.GENERAL) {
      throw new ModelLoadException(
          spec.where()
              + "headKind general needs autograd, which "
              + engine
              + " lacks: use engine PyTorch with TorchScript backbone + head, or a gap-linear"
              + " head");
    }
    int intra = threads > 0 ? threads : Integer.getInteger("ai.djl.onnxruntime.num_threads", 0);
    int inter = threads > 0 ? 1 : Integer.getInteger("ai.djl.onnxruntime.num_interop_threads", 0);
    return new OnnxModel(spec, device, intra, inter, tensorRt);
  }

  /** DJL's TensorRT engine loads libnvinfer on first use; say plainly when it is missing. */
  private static void checkTensorRt(ModelSpec spec, Device device) {
    String why;
    try {
      Engine.getEngine("TensorRT");
      why = null;
    } catch (RuntimeException | LinkageError e) {
      why = ModelLoadException.oneLine(String.valueOf(e.getMessage()));
    }
    if (why != null) {
      throw new ModelLoadException(
          spec.where()
              + "engine TensorRT is not installed on this machine (DJL's "
              + "TensorRT engine cannot load: "
              + why
              + "): use --model.engine=PyTorch or OnnxRuntime, or install "
              + "TensorRT and CUDA and build with the gpu profile (mvn -Pgpu)");
    }
    if (!device.isGpu()) {
      throw new ModelLoadException(
          spec.where() + "engine TensorRT runs on a GPU only: set the device to gpu");
    }
  }

  private OnnxModel(
      ModelSpec spec, Device device, int intraThreads, int interThreads, boolean tensorRt) {
    this.spec = spec;
    Map<String, String> options = new HashMap<>();
    // DJL reads intraOpNumThreads only when interOpNumThreads is also given, so set both
    if (intraThreads > 0 || interThreads > 0) {
      options.put("intraOpNumThreads", String.valueOf(Math.max(intraThreads, 0)));
      options.put("interOpNumThreads", String.valueOf(Math.max(interThreads, 0)));
    }
    model = Model.newInstance(spec.id(), device, tensorRt ? "TensorRT" : "OnnxRuntime");
    try {
      model.load(spec.files().onnx(), null, options);
    } catch (IOException | MalformedModelException | EngineException | IllegalArgumentException e) {
      model.close();
      throw new ModelLoadException(
          spec.where()
              + "field 'files.onnx': "
              + (tensorRt ? "TensorRT" : "ONNX Runtime")
              + " cannot load "
              + spec.files().onnx().getFileName()
              + " ("
              + ModelLoadException.oneLine(e.getMessage())
              + "): give an ONNX model file with outputs 'features' and 'logits'",
          e);
    }
    try {
      graph = OnnxGraph.read(spec.files().onnx(), spec.where());
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
    store = new ParameterStore(model.getNDManager(), false);
    // DJL 0.32 returns ONNX outputs unnamed, in the graph's declared order: find ours by name there
    List<String> names = graph.outputNames();
    featuresAt = names.indexOf("features");
    logitsAt = names.indexOf("logits");
    if (featuresAt < 0 || logitsAt < 0) {
      model.close();
      throw new ModelLoadException(
          spec.where()
              + "field 'files.onnx': outputs are "
              + names
              + ", expected 'features' and 'logits': re-export with output_names=['features',"
              + " 'logits']");
    }
  }

  @Override
  public NDManager manager() {
    return model.getNDManager();
  }

  @Override
  public NetworkOutputs infer(NDArray batch) {
    NDList out = model.getBlock().forward(store, new NDList(batch), false);
    return new NetworkOutputs(out.get(featuresAt), out.get(logitsAt));
  }

  /** Reads the head from the parsed file, then lets the parse go (it holds every weight). */
  @Override
  public GapLinearHead readHead(int classes, int channels) {
    if (graph == null) {
      graph = OnnxGraph.read(spec.files().onnx(), spec.where());
    }
    try {
      return OnnxHeadReader.read(graph, spec.headWeight(), classes, channels);
    } finally {
      graph = null;
    }
  }

  @Override
  public float[] autogradGradient(NDArray features, int target) {
    throw new UnsupportedOperationException("autograd is not available on " + spec.engine());
  }

  @Override
  public void close() {
    model.close();
  }
}
