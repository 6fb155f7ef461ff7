package dev.decomcam.processor.engine;

import java.nio.file.Path;

/**
 * Model files named by a spec, resolved against the spec's directory; absent ones are null. PyTorch
 * uses {@code backbone} + {@code head}, or {@code full} (one TorchScript returning (features,
 * logits)); ONNX Runtime and TensorRT use {@code onnx} (outputs named {@code features} and {@code
 * logits}). One spec may list several, so the engine can be switched by an option.
 */
public record ModelFiles(Path backbone, Path head, Path full, Path onnx) {

  /** Whether the files a TorchScript model needs are present. */
  public boolean hasTorchScript() {
    return full != null || (backbone != null && head != null);
  }
}
