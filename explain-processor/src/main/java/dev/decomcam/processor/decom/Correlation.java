package dev.decomcam.processor.decom;

/**
 * Pearson correlation of saliency maps: how fidelity and stability of explanations are measured.
 */
public final class Correlation {
  private Correlation() {}

  /**
   * Pearson r of two equal-length maps; 1 when both are the same constant, 0 when only one is
   * constant.
   */
  public static double pearson(float[] a, float[] b) {
    double r = pearsonOrNaN(a, b);
    if (Double.isNaN(r)) {
      // a constant map (e.g. all zero: nothing salient) correlates with nothing but its equal
      return constant(a) && constant(b) && a.length > 0 && a[0] == b[0] ? 1.0 : 0.0;
    }
    return r;
  }

  private static boolean constant(float[] m) {
    for (float v : m) {
      if (v != m[0]) {
        return false;
      }
    }
    return true;
  }

  /** Pearson r of two equal-length maps; NaN when either is constant (r is undefined). */
  public static double pearsonOrNaN(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "pearson: maps of " + a.length + " and " + b.length + " values");
    }
    double ma = 0;
    double mb = 0;
    for (int i = 0; i < a.length; i++) {
      ma += a[i];
      mb += b[i];
    }
    ma /= a.length;
    mb /= b.length;
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (int i = 0; i < a.length; i++) {
      double da = a[i] - ma;
      double db = b[i] - mb;
      ab += da * db;
      aa += da * da;
      bb += db * db;
    }
    return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : Double.NaN;
  }
}
