package dev.decomcam.ops.bench;

import java.util.Arrays;

/**
 * The few statistics the benchmark reports: mean and nearest-rank percentiles (Pearson r: {@link
 * dev.decomcam.processor.decom.Correlation}).
 */
public final class Stats {
  private Stats() {}

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
