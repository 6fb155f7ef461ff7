package dev.decomcam.ops.pipeline;

import java.util.Arrays;
import java.util.Collection;

/** Nearest-rank percentiles of a sample. */
public final class Percentiles {
  private final double[] sorted;

  public Percentiles(Collection<? extends Number> values) {
    sorted = values.stream().mapToDouble(Number::doubleValue).sorted().toArray();
  }

  public Percentiles(double[] values) {
    sorted = values.clone();
    Arrays.sort(sorted);
  }

  /** The p-th percentile (0..100) by nearest rank; NaN for an empty sample. */
  public double get(double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
  }

  public double mean() {
    return sorted.length == 0 ? Double.NaN : Arrays.stream(sorted).average().orElse(Double.NaN);
  }

  public int count() {
    return sorted.length;
  }
}
