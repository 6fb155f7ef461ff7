package dev.decomcam.ops.pipeline;

/**
 * Counts of non-negative whole numbers (milliseconds) in a fixed number of buckets, for percentiles
 * of a run of any length in constant memory: values below {@value #EXACT} each have their own
 * bucket, so their percentiles are exact and equal to {@link Percentiles}' nearest rank; above,
 * each power of two is cut into {@value #SUB} buckets, a relative resolution of 1/{@value #SUB},
 * and a value there reads back as its bucket's middle. Negative values count as 0, values from
 * 2^{@value #TOP_BITS} on as the top bucket. Not thread-safe.
 */
public final class Histogram {
  /** Values below this are counted exactly. */
  static final int EXACT = 1 << 16;

  /** Buckets per power of two above {@link #EXACT}. */
  static final int SUB = 1 << 10;

  /** Values are counted up to 2^TOP_BITS (about 35 years in ms). */
  static final int TOP_BITS = 40;

  private static final int EXACT_BITS = Integer.numberOfTrailingZeros(EXACT);
  private static final int SUB_BITS = Integer.numberOfTrailingZeros(SUB);

  private final long[] counts = new long[EXACT + (TOP_BITS - EXACT_BITS) * SUB];
  private long total;
  private double sum;

  public void add(long value) {
    long v = Math.max(0, Math.min(value, (1L << TOP_BITS) - 1));
    counts[index(v)]++;
    total++;
    sum += value;
  }

  static int index(long v) {
    if (v < EXACT) {
      return (int) v;
    }
    int bits = 63 - Long.numberOfLeadingZeros(v); // EXACT_BITS .. TOP_BITS - 1
    int sub = (int) ((v >>> (bits - SUB_BITS)) - SUB);
    return EXACT + (bits - EXACT_BITS) * SUB + sub;
  }

  /** The value a bucket reads back as: itself below {@link #EXACT}, else the bucket's middle. */
  static double value(int index) {
    if (index < EXACT) {
      return index;
    }
    int bits = (index - EXACT) / SUB + EXACT_BITS;
    long sub = (index - EXACT) % SUB;
    long width = 1L << (bits - SUB_BITS);
    long low = (1L << bits) + sub * width;
    return low + (width - 1) / 2.0;
  }

  public long count() {
    return total;
  }

  /** The mean of the values added (exact, not from the buckets); NaN when none. */
  public double mean() {
    return total == 0 ? Double.NaN : sum / total;
  }

  /** The p-th percentile (0..100) by nearest rank, as {@link Percentiles#get}; NaN when empty. */
  public double get(double p) {
    if (total == 0) {
      return Double.NaN;
    }
    long rank = (long) Math.ceil(p / 100.0 * total);
    rank = Math.min(total, Math.max(1, rank));
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return value(i);
      }
    }
    throw new IllegalStateException("histogram: counts do not add up to " + total);
  }
}
