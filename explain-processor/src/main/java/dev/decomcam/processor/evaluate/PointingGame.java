package dev.decomcam.processor.evaluate;

/**
 * The pointing game (Zhang et al., 2016) and its energy-based form (Wang et al., Score-CAM, 2020)
 * on an H x W map, row-major.
 */
public final class PointingGame {
  private PointingGame() {}

  /**
   * Hit when the map's maximum (the first in row-major order) lies inside {@code box} grown by
   * {@code tolerance} pixels.
   */
  public static boolean hit(float[] map, int width, Box box, int tolerance) {
    int best = 0;
    for (int i = 1; i < map.length; i++) {
      if (map[i] > map[best]) {
        best = i;
      }
    }
    return box.contains(best % width, best / width, tolerance);
  }

  /**
   * The share of the min-max normalised map's sum that lies inside {@code box}; 0 for a flat map
   * (normalised to all zeros).
   */
  public static double energy(float[] map, int width, Box box) {
    float lo = Float.POSITIVE_INFINITY;
    float hi = Float.NEGATIVE_INFINITY;
    for (float v : map) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    if (!(hi > lo)) {
      return 0;
    }
    double inside = 0;
    double total = 0;
    for (int i = 0; i < map.length; i++) {
      double v = (map[i] - lo) / (double) (hi - lo);
      total += v;
      if (box.contains(i % width, i / width, 0)) {
        inside += v;
      }
    }
    return inside / total;
  }
}
