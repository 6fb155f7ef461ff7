package dev.decomcam.ops.bench;

import dev.decomcam.processor.engine.ForwardResult;

/**
 * Which class the benchmark explains on each frame. {@link #top1()} explains each frame's top-1
 * class, so every flicker of the classifier between near-equal classes (people in vtest.avi:
 * about one frame in three) is a new explanation and resets the streaming state.
 * {@link #sticky(int)} keeps explaining the previous frame's class while it stays among the
 * frame's top {@code k} logits and switches to the top-1 only when it drops out: the
 * explanation follows what is in the scene, not the noise in the ranking. Full and streaming
 * Decom-CAM always explain the same class on a frame, so their maps stay comparable.
 */
public final class TargetPolicy {
  private final int k;
  private int current = -1;

  private TargetPolicy(int k) {
    this.k = k;
  }

  public static TargetPolicy top1() {
    return new TargetPolicy(1);
  }

  public static TargetPolicy sticky(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("sticky target: k must be >= 1, got " + k);
    }
    return new TargetPolicy(k);
  }

  /** The class to explain on a frame with these logits. */
  public int next(float[] logits) {
    if (current < 0 || current >= logits.length || ForwardResult.rank(logits, current) >= k) {
      current = ForwardResult.argmax(logits);
    }
    return current;
  }

  /** Forgets the current class (a new video starts). */
  public void clear() {
    current = -1;
  }


  @Override
  public String toString() {
    return k == 1 ? "top1" : "sticky-top" + k;
  }
}
