package dev.decomcam.processor.engine;

import java.util.Arrays;
import java.util.Optional;

/** The inference engines a model spec may name, by the spelling used in spec files and options. */
public enum EngineKind {
  PYTORCH("PyTorch"),
  ONNX_RUNTIME("OnnxRuntime"),
  /**
   * DJL's TensorRT engine: NVIDIA TensorRT parses the spec's ONNX file itself and builds its own
   * engine on a GPU (it is not ONNX Runtime); needs TensorRT and CUDA installed and a GPU device.
   */
  TENSORRT("TensorRT");

  private final String spelling;

  EngineKind(String spelling) {
    this.spelling = spelling;
  }

  /** The name as written in specs ({@code PyTorch}, {@code OnnxRuntime}, {@code TensorRT}). */
  public String spelling() {
    return spelling;
  }

  /** Parses a name case-insensitively; empty when unknown. */
  public static Optional<EngineKind> parse(String name) {
    return Arrays.stream(values())
        .filter(e -> e.spelling.equalsIgnoreCase(name.trim()))
        .findFirst();
  }

  /** The accepted spellings, for error messages. */
  public static String choices() {
    return String.join(" | ", Arrays.stream(values()).map(EngineKind::spelling).toList());
  }

  @Override
  public String toString() {
    return spelling;
  }
}
