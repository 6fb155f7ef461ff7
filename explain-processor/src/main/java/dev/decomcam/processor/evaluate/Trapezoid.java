package dev.decomcam.processor.evaluate;

/** Area under a curve sampled at evenly spaced x in [0, 1], by the trapezoid rule. */
public final class Trapezoid {
  private Trapezoid() {}

  /**
   * {@code (sum(c) - c[0]/2 - c[n]/2) / n} for the points {@code c[0..n]}, as {@code EVALUATION.md}
   * fixes it.
   */
  public static double auc(float[] c) {
    if (c.length < 2) {
      throw new IllegalArgumentException(
          "trapezoid AUC needs at least 2 points, got " + c.length + ": sample the curve's ends");
    }
    int n = c.length - 1;
    double sum = 0;
    for (float v : c) {
      sum += v;
    }
    return (sum - c[0] / 2.0 - c[n] / 2.0) / n;
  }
}
