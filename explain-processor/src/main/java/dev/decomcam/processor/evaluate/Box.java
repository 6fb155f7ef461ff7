package dev.decomcam.processor.evaluate;

/**
 * An object's box in a map's frame: inclusive pixel coordinates {@code (x0, y0)} to {@code (x1,
 * y1)}.
 */
public record Box(int x0, int y0, int x1, int y1) {
  public Box {
    if (x1 < x0 || y1 < y0) {
      throw new IllegalArgumentException(
          "box ("
              + x0
              + ","
              + y0
              + ","
              + x1
              + ","
              + y1
              + ") is empty: give x0 <= x1 and y0 <= y1 (inclusive coordinates)");
    }
  }

  /** Whether pixel (x, y) lies inside the box grown by {@code tolerance} pixels on every side. */
  public boolean contains(int x, int y, int tolerance) {
    return x >= x0 - tolerance && x <= x1 + tolerance && y >= y0 - tolerance && y <= y1 + tolerance;
  }

  /**
   * The box clipped to a {@code width} x {@code height} frame, or null when none of it is inside.
   */
  public Box clip(int width, int height) {
    int a = Math.max(0, x0);
    int b = Math.max(0, y0);
    int c = Math.min(width - 1, x1);
    int d = Math.min(height - 1, y1);
    return a <= c && b <= d ? new Box(a, b, c, d) : null;
  }
}
