package dev.decomcam.processor.explain;

import dev.decomcam.processor.engine.ForwardResult;

/**
 * Which class to explain on a frame: a fixed class when configured; else, with a sticky target
 * ({@code sticky} above 1), the camera's previous class while it stays among the frame's top {@code
 * sticky} logits; else the frame's top-1 class. Near-equal classes swap ranks from frame to frame:
 * following every swap would make each a new explanation, and reset a streaming camera's components
 * each time.
 */
public final class TargetChooser {
  private final int target;
  private final int sticky;

  /**
   * @param target class to explain, or -1 to choose per frame
   * @param sticky keep the previous class while in the top {@code sticky} (1 = always the top-1)
   */
  public TargetChooser(int target, int sticky) {
    if (sticky < 1) {
      throw new IllegalArgumentException(
          "sticky target must be >= 1 (1 = top-1 class), got " + sticky);
    }
    this.target = target;
    this.sticky = sticky;
  }

  /** Each frame's top-1 class. */
  public static TargetChooser top1() {
    return new TargetChooser(-1, 1);
  }

  /** The previous class while it stays in the top {@code k}, else the top-1. */
  public static TargetChooser sticky(int k) {
    return new TargetChooser(-1, k);
  }

  /**
   * The class to explain on a frame with these logits; {@code previous}: the camera's last class,
   * -1 for none.
   */
  public int choose(float[] logits, int previous) {
    if (target >= 0) {
      return target;
    }
    int keep = sticky == 1 ? -1 : previous;
    return keep >= 0 && keep < logits.length && ForwardResult.rank(logits, keep) < sticky
        ? keep
        : ForwardResult.argmax(logits);
  }

  @Override
  public String toString() {
    return target >= 0 ? "class" + target : sticky == 1 ? "top1" : "sticky-top" + sticky;
  }
}
