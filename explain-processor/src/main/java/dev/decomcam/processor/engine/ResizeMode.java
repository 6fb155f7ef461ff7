package dev.decomcam.processor.engine;

import java.util.Arrays;
import java.util.Optional;

/** How a frame is brought to the model's input size. */
public enum ResizeMode {
  /**
   * Shorter side to inputSize/0.875 (bilinear, antialiased like PIL), then the centre inputSize
   * crop.
   */
  CENTER_CROP("center-crop"),
  /** The whole frame resized to the input size (aspect ratio not kept). */
  STRETCH("stretch"),
  /** Fed as is; the frame must already have the input size. */
  NONE("none");

  private final String spelling;

  ResizeMode(String spelling) {
    this.spelling = spelling;
  }

  public String spelling() {
    return spelling;
  }

  /** Parses {@code center-crop}, {@code stretch} or {@code none}; empty when unknown. */
  public static Optional<ResizeMode> parse(String name) {
    return Arrays.stream(values())
        .filter(m -> m.spelling.equalsIgnoreCase(name.trim()))
        .findFirst();
  }

  public static String choices() {
    return String.join(" | ", Arrays.stream(values()).map(ResizeMode::spelling).toList());
  }

  @Override
  public String toString() {
    return spelling;
  }
}
