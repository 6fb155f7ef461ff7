package dev.decomcam.ops.bench;

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
    int top = 0;
    for (int i = 1; i < logits.length; i++) {
      if (logits[i] > logits[top]) {
        top = i;
      }
    }
    if (current < 0 || current >= logits.length || rank(logits, current) >= k) {
      current = top;
    }
    return current;
  }

  /** Forgets the current class (a new video starts). */
  public void clear() {
    current = -1;
  }

  private static int rank(float[] logits, int c) {
    int above = 0;
    for (float l : logits) {
      above += l > logits[c] ? 1 : 0;
    }
    return above;
  }

  @Override
  public String toString() {
    return k == 1 ? "top1" : "sticky-top" + k;
  }
}
