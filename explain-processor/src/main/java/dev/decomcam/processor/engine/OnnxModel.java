package dev.decomcam.processor.engine;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
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
 * An ONNX model on DJL's ONNX Runtime engine: one session whose outputs are named {@code features}
 * and {@code logits}. With {@code tensorRt} the session uses ONNX Runtime's TensorRT execution
 * provider (GPU only). The analytic gradient's weights come from the file's initializers
 * ({@link OnnxHeadReader}); {@code general} heads are not supported here (no autograd).
 */
final class OnnxModel extends DjlExplainableModel {

  private final Model model;
  private final ParameterStore store;
  private final int featuresAt;
  private final int logitsAt;

  OnnxModel(ModelSpec spec, Device device, int intraThreads, int interThreads, boolean tensorRt) {
    super(spec);
    Map<String, String> options = new HashMap<>();
    // DJL reads intraOpNumThreads only when interOpNumThreads is also given, so set both
    if (intraThreads > 0 || interThreads > 0) {
      options.put("intraOpNumThreads", String.valueOf(Math.max(intraThreads, 0)));
      options.put("interOpNumThreads", String.valueOf(Math.max(interThreads, 0)));
    }
    // TensorRT: DJL's TensorRT engine builds an engine from the same ONNX file
    model = Model.newInstance(spec.id(), device, tensorRt ? "TensorRT" : "OnnxRuntime");
    try {
      model.load(spec.files().onnx(), null, options);
    } catch (IOException | MalformedModelException | EngineException | IllegalArgumentException e) {
      model.close();
      throw new ModelLoadException(spec.where() + "field 'files.onnx': ONNX Runtime cannot load "
          + spec.files().onnx().getFileName() + " (" + TorchScriptModel.oneLine(e.getMessage())
          + "): give an ONNX model file with outputs 'features' and 'logits'", e);
    }
    store = new ParameterStore(model.getNDManager(), false);
    // DJL 0.32 returns ONNX outputs unnamed, in the graph's declared order: find ours by name there
    List<String> names = OnnxHeadReader.outputNames(spec.files().onnx(), spec.where());
    featuresAt = names.indexOf("features");
    logitsAt = names.indexOf("logits");
    if (featuresAt < 0 || logitsAt < 0) {
      model.close();
      throw new ModelLoadException(spec.where() + "field 'files.onnx': outputs are " + names
          + ", expected 'features' and 'logits': re-export with output_names=['features', 'logits']");
    }
  }

  @Override
  protected NDManager modelManager() {
    return model.getNDManager();
  }

  @Override
  protected Outputs infer(NDArray batch) {
    NDList out = model.getBlock().forward(store, new NDList(batch), false);
    return new Outputs(out.get(featuresAt), out.get(logitsAt));
  }

  @Override
  protected GapLinearHead readHead(int classes, int channels) {
    return OnnxHeadReader.read(spec().files().onnx(), spec().headWeight(), classes, channels, spec().where());
  }

  @Override
  public void close() {
    model.close();
  }
}
