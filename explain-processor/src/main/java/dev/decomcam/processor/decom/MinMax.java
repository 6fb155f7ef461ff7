package dev.decomcam.processor.decom;

/**
 * Min-max normalisation and rectification of maps. A constant (or empty, or non-finite range) map
 * normalises to all zeros rather than dividing by zero, so a map with nothing salient stays blank
 * instead of turning into NaN or a uniform 1.
 */
public final class MinMax {

  private MinMax() {}

  /** Scales {@code a} in place to [0, 1]; all zeros when its range is not positive. */
  public static float[] normalizeInPlace(float[] a) {
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (float v : a) {
      if (v < min) {
        min = v;
      }
      if (v > max) {
        max = v;
      }
    }
    float range = max - min;
    if (!(range > 0) || Float.isInfinite(range)) {
      java.util.Arrays.fill(a, 0f);
      return a;
    }
    for (int i = 0; i < a.length; i++) {
      // divide rather than multiply by 1/range so the maximum maps to exactly 1
      a[i] = (a[i] - min) / range;
    }
    return a;
  }

  /** A normalised copy; {@code a} is left unchanged. */
  public static float[] normalized(float[] a) {
    return normalizeInPlace(a.clone());
  }

  /** max(0, v) in place; NaN becomes 0. */
  public static float[] reluInPlace(float[] a) {
    for (int i = 0; i < a.length; i++) {
      a[i] = a[i] > 0f ? a[i] : 0f;
    }
    return a;
  }
}
