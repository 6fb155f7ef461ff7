package dev.decomcam.ops.bench;

import java.util.Arrays;

/** The few statistics the benchmark reports: Pearson r of two maps, mean and nearest-rank percentiles. */
public final class Stats {
  private Stats() {}

  /** Pearson correlation of two equal-length maps; 1 when both are constant and equal, 0 when one is constant. */
  public static double pearson(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("pearson: maps of " + a.length + " and " + b.length + " values");
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

  /** Arithmetic mean; NaN when empty. */
  public static double mean(double[] v) {
    return v.length == 0 ? Double.NaN : Arrays.stream(v).average().orElse(Double.NaN);
  }

  /** The p-th percentile (0..100) by nearest rank; NaN when empty. */
  public static double percentile(double[] v, double p) {
    if (v.length == 0) {
      return Double.NaN;
    }
    double[] s = v.clone();
    Arrays.sort(s);
    int rank = (int) Math.ceil(p / 100.0 * s.length);
    return s[Math.min(s.length - 1, Math.max(0, rank - 1))];
  }
}
