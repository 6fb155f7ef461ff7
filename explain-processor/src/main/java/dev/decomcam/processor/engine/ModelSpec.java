package dev.decomcam.processor.engine;

import java.nio.file.Path;
import java.util.List;

/**
 * A model described by a JSON spec file: which engine and files, how to preprocess (input size,
 * resize mode, colour order, mean/std on [0,1] pixels), which layer is explained, the class labels,
 * and the kind of head after that layer. Read with {@link #load(Path)}; the format and every check
 * are in {@link ModelSpecParser}.
 *
 * @param source the spec file, as given (messages name it)
 * @param headWeight name of the head's final linear weight (a TorchScript parameter or an ONNX
 *     initializer), or null to find it (the last 2-D weight whose width is the channel count)
 */
public record ModelSpec(
    Path source,
    String id,
    EngineKind engine,
    ModelFiles files,
    int inputWidth,
    int inputHeight,
    ResizeMode resize,
    ColorOrder colorOrder,
    float[] mean,
    float[] std,
    String featureLayer,
    List<String> labels,
    HeadKind headKind,
    String headWeight) {

  public ModelSpec {
    labels = List.copyOf(labels);
    mean = mean.clone();
    std = std.clone();
  }

  /**
   * A spec with only identity, labels and input size (RGB, mean 0, std 1, centre crop, no files),
   * for fakes and tests that never load a model; the placeholder this record replaced had this
   * shape.
   */
  public ModelSpec(String id, List<String> labels, int inputWidth, int inputHeight) {
    this(
        Path.of(id + ".spec.json"),
        id,
        EngineKind.PYTORCH,
        new ModelFiles(null, null, null, null),
        inputWidth,
        inputHeight,
        ResizeMode.CENTER_CROP,
        ColorOrder.RGB,
        new float[] {0f, 0f, 0f},
        new float[] {1f, 1f, 1f},
        "",
        labels,
        HeadKind.GAP_LINEAR,
        null);
  }

  /** Reads and validates a spec file; throws {@link ModelLoadException} with a one-line fix. */
  public static ModelSpec load(Path specFile) {
    return ModelSpecParser.parse(specFile);
  }

  /** The same spec with the user's overrides applied (null fields keep the spec's choice). */
  public ModelSpec with(EngineOptions options) {
    EngineKind e = options.engine() != null ? options.engine() : engine;
    ResizeMode r = options.resize() != null ? options.resize() : resize;
    return new ModelSpec(
        source,
        id,
        e,
        files,
        inputWidth,
        inputHeight,
        r,
        colorOrder,
        mean,
        std,
        featureLayer,
        labels,
        headKind,
        headWeight);
  }

  /** "model spec PATH: " prefix for one-line errors. */
  String where() {
    return "model spec " + source + ": ";
  }

  @Override
  public float[] mean() {
    return mean.clone();
  }

  @Override
  public float[] std() {
    return std.clone();
  }
}
