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
    if (aa == 0 || bb == 0) {
      // a constant map (e.g. all zero: nothing salient) correlates with nothing but its equal
      return aa == 0 && bb == 0 && ma == mb ? 1.0 : 0.0;
    }
    return ab / Math.sqrt(aa * bb);
  }
}
