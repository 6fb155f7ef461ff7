package dev.decomcam.processor.engine;

import java.util.Arrays;
import java.util.Optional;

/**
 * What follows the explained layer. {@code gap-linear} (global average pool then one linear layer)
 * has the exact gradient dlogit_t/dA[k,i,j] = W[t,k]/(h*w), so no autograd is needed; {@code
 * general} heads are differentiated by autograd (PyTorch only).
 */
public enum HeadKind {
  GAP_LINEAR("gap-linear"),
  GENERAL("general");

  private final String spelling;

  HeadKind(String spelling) {
    this.spelling = spelling;
  }

  public String spelling() {
    return spelling;
  }

  public static Optional<HeadKind> parse(String name) {
    return Arrays.stream(values())
        .filter(h -> h.spelling.equalsIgnoreCase(name.trim()))
        .findFirst();
  }

  public static String choices() {
    return String.join(" | ", Arrays.stream(values()).map(HeadKind::spelling).toList());
  }

  @Override
  public String toString() {
    return spelling;
  }
}
