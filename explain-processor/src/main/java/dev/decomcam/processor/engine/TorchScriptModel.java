package dev.decomcam.processor.engine;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A TorchScript model on DJL's PyTorch engine: a {@code backbone} (input to features) and a {@code
 * head} (features to logits), or one {@code full} module returning (features, logits).
 *
 * <p>For {@code general} heads the gradient comes from autograd on the head alone: the backbone's
 * output is duplicated (it was made without grad) and marked as requiring gradient, and the head is
 * loaded with {@code trainParam=true} so its graph records operations, then its parameters are
 * frozen again (only dlogit/dfeatures is wanted) and it is put in eval mode. DJL allows one {@link
 * GradientCollector} per JVM at a time, so autograd runs behind one JVM-wide lock.
 */
final class TorchScriptModel implements EngineNetwork {

  /** DJL permits a single active GradientCollector per JVM. */
  private static final Object AUTOGRAD_LOCK = new Object();

  private final ModelSpec spec;
  private final Model backbone;
  private final Model head;
  private final Model full;
  private final ParameterStore store;
  private final boolean autograd;

  /**
   * Loads the spec's TorchScript files on {@code device}; {@code threads > 0} sets libtorch's
   * intra-op thread count, which is process-wide.
   */
  static TorchScriptModel open(ModelSpec spec, Device device, int threads) {
    ModelFiles f = spec.files();
    if (!f.hasTorchScript()) {
      throw new ModelLoadException(
          spec.where()
              + "engine PyTorch needs TorchScript files: add \"backbone\" + "
              + "\"head\" (or \"full\") to 'files', or use engine OnnxRuntime");
    }
    if (spec.headKind() == HeadKind.GENERAL && f.backbone() == null) {
      throw new ModelLoadException(
          spec.where()
              + "headKind general differentiates the head alone: give "
              + "files.backbone + files.head instead of files.full");
    }
    TorchScriptModel m = new TorchScriptModel(spec, device);
    if (threads > 0) {
      JniUtils.setNumThreads(threads);
    }
    return m;
  }

  private TorchScriptModel(ModelSpec spec, Device device) {
    this.spec = spec;
    ModelFiles f = spec.files();
    autograd = spec.headKind() == HeadKind.GENERAL;
    Model b = null;
    Model h = null;
    Model all = null;
    try {
      if (f.backbone() != null) {
        b = load(spec, "files.backbone", f.backbone(), device, false);
        h = load(spec, "files.head", f.head(), device, autograd);
        if (autograd) {
          PtSymbolBlock block = (PtSymbolBlock) h.getBlock();
          block.freezeParameters(true);
          // eval mode once; forwards then always pass training=true (grad on), so DJL never toggles
          // it back
          JniUtils.enableInferenceMode(block);
        }
      } else {
        all = load(spec, "files.full", f.full(), device, false);
      }
    } catch (RuntimeException e) {
      closeAll(b, h, all);
      throw e;
    }
    backbone = b;
    head = h;
    full = all;
    store = new ParameterStore(manager(), false);
  }

  private static Model load(
      ModelSpec spec, String field, Path file, Device device, boolean trainable) {
    Model m = Model.newInstance(spec.id() + "-" + field.substring(6), device, "PyTorch");
    try {
      m.load(file, null, trainable ? Map.of("trainParam", "true") : null);
      return m;
    } catch (IOException | MalformedModelException | EngineException e) {
      m.close();
      throw new ModelLoadException(
          spec.where()
              + "field '"
              + field
              + "': PyTorch cannot load "
              + file.getFileName()
              + " ("
              + ModelLoadException.oneLine(e.getMessage())
              + "): give a TorchScript file saved with torch.jit.save",
          e);
    }
  }

  @Override
  public NDManager manager() {
    return (full != null ? full : backbone).getNDManager();
  }

  @Override
  public NetworkOutputs infer(NDArray batch) {
    if (full != null) {
      NDList out = full.getBlock().forward(store, new NDList(batch), false);
      if (out.size() != 2) {
        throw new ModelLoadException(
            spec.where()
                + "field 'files.full' returns "
                + out.size()
                + " output(s), expected (features, logits): return both from forward(), or use"
                + " backbone + head");
      }
      return new NetworkOutputs(out.get(0), out.get(1));
    }
    NDArray features =
        backbone.getBlock().forward(store, new NDList(batch), false).singletonOrThrow();
    // general heads run with grad mode on; feed them a plain copy of the no-grad backbone output
    NDArray in = autograd ? features.duplicate() : features;
    NDArray logits = head.getBlock().forward(store, new NDList(in), autograd).singletonOrThrow();
    return new NetworkOutputs(features, logits);
  }

  @Override
  public float[] autogradGradient(NDArray features, int target) {
    synchronized (AUTOGRAD_LOCK) {
      try (GradientCollector collector = features.getManager().getEngine().newGradientCollector()) {
        NDArray f = features.duplicate();
        f.setRequiresGradient(true);
        NDArray logits = head.getBlock().forward(store, new NDList(f), true).singletonOrThrow();
        collector.backward(logits.get(0, target));
        return f.getGradient().toFloatArray();
      }
    }
  }

  @Override
  public GapLinearHead readHead(int classes, int channels) {
    Block block = (head != null ? head : full).getBlock();
    String wanted = spec.headWeight();
    String fix =
        ": set \"headWeight\" to the final linear layer's parameter name, or use \"headKind\":"
            + " \"general\"";
    Parameter weight = null;
    String weightName = null;
    for (Pair<String, Parameter> p : block.getParameters()) {
      NDArray a = p.getValue().getArray();
      Shape s = a.getShape();
      boolean fits = s.dimension() == 2 && s.get(0) == classes && s.get(1) == channels;
      if (wanted != null ? p.getKey().equals(wanted) : fits) {
        weight = p.getValue();
        weightName = p.getKey();
      }
    }
    if (weight == null) {
      throw new ModelLoadException(
          spec.where()
              + "no "
              + (wanted != null
                  ? "parameter '" + wanted + "'"
                  : classes + "x" + channels + " weight")
              + " in the head"
              + fix);
    }
    Shape ws = weight.getArray().getShape();
    if (ws.dimension() != 2 || ws.get(0) != classes || ws.get(1) != channels) {
      throw new ModelLoadException(
          spec.where()
              + "head parameter '"
              + weightName
              + "' has shape "
              + ws
              + ", expected ("
              + classes
              + ", "
              + channels
              + ")"
              + fix);
    }
    float[] bias = new float[classes];
    String biasName =
        weightName.endsWith("weight")
            ? weightName.substring(0, weightName.length() - "weight".length()) + "bias"
            : null;
    for (Pair<String, Parameter> p : block.getParameters()) {
      if (p.getKey().equals(biasName) && p.getValue().getArray().size() == classes) {
        bias = p.getValue().getArray().toFloatArray();
      }
    }
    return new GapLinearHead(weight.getArray().toFloatArray(), bias, classes, channels);
  }

  @Override
  public void close() {
    closeAll(head, backbone, full);
  }

  private static void closeAll(Model... models) {
    for (Model m : models) {
      if (m != null) {
        m.close();
      }
    }
  }
}
