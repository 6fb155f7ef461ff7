package dev.decomcam.processor.evaluate;

/**
 * A deletion or insertion curve: the target's score at {@code n_steps + 1} evenly spaced points,
 * from none to all pixels changed.
 */
public record Curve(float[] points) {
  public Curve {
    if (points.length < 2) {
      throw new IllegalArgumentException(
          "a curve needs at least 2 points, got " + points.length + ": use n_steps >= 1");
    }
    points = points.clone();
  }

  @Override
  public float[] points() {
    return points.clone();
  }

  /** Area under the curve by {@link Trapezoid#auc}. */
  public double auc() {
    return Trapezoid.auc(points);
  }
}
