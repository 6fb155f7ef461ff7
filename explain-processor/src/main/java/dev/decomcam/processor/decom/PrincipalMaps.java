package dev.decomcam.processor.decom;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;

/**
 * Decom-CAM's decomposition input and output orientation: which channels enter (top-K by gradient
 * weight), the centred weighted matrix X (positions × channels) and the sign convention that makes
 * each orthogonal map point at what it highlights.
 */
final class PrincipalMaps {

  private PrincipalMaps() {}

  /**
   * Indices of the {@code k} largest weights, descending; ties keep the lower index first (a stable
   * sort), so results are reproducible across implementations.
   */
  static int[] topK(double[] weights, int k) {
    int n = weights.length;
    int[] out = new int[Math.min(k, n)];
    int keep = out.length;
    if (keep == 0) {
      return out;
    }
    // Primitive keys in Double.compare order (NaN largest, -0.0 below 0.0), so no boxing: the
    // boxed index sort this replaces cost ~0.35 ms for 1280 weights, this ~0.03 ms.
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      long bits = Double.doubleToLongBits(weights[i]);
      keys[i] = bits ^ ((bits >> 63) & Long.MAX_VALUE);
    }
    long[] sorted = keys.clone();
    Arrays.sort(sorted);
    long threshold = sorted[n - keep];
    // everything above the k-th largest key, then its equals in index order until k are taken
    int ties = keep - (n - upperBound(sorted, threshold));
    long[] picked = new long[keep];
    int m = 0;
    for (int i = 0; i < n; i++) {
      long key = keys[i];
      if (key > threshold || (key == threshold && ties-- > 0)) {
        // (number of strictly larger weights, index): ascending order is descending weight,
        // lower index first on ties, exactly the stable descending sort
        picked[m++] = ((long) (n - upperBound(sorted, key)) << 32) | i;
      }
    }
    Arrays.sort(picked);
    for (int j = 0; j < keep; j++) {
      out[j] = (int) picked[j];
    }
    return out;
  }

  /** The number of entries of ascending {@code sorted} that are at most {@code key}. */
  private static int upperBound(long[] sorted, long key) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] <= key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * X[p][j] = w_{c_j}·A_{c_j}(p) for positions p (row-major y then x) and selected channels c_j,
   * with each column's mean subtracted.
   */
  static DMatrixRMaj centred(FeatureMaps features, double[] weights, int[] channels) {
    int m = features.positions();
    int kk = channels.length;
    float[] a = features.activations();
    DMatrixRMaj x = new DMatrixRMaj(m, kk);
    double[] data = x.data;
    for (int j = 0; j < kk; j++) {
      // the mean over the channel's contiguous activations first, so X's column is written once
      int c = channels[j];
      double w = weights[c];
      int base = c * m;
      double mean = 0;
      for (int p = 0; p < m; p++) {
        mean += w * a[base + p];
      }
      mean /= m;
      for (int p = 0; p < m; p++) {
        data[p * kk + j] = w * a[base + p] - mean;
      }
    }
    return x;
  }

  /**
   * Flips component i (its projection and its vector together) so the projection's entry of largest
   * magnitude is positive; SVD signs are arbitrary and this makes the map's strongest region the
   * highlighted one. Modifies {@code d}'s matrices in place.
   */
  static void fixSigns(Decomposition d) {
    DMatrixRMaj p = d.projections();
    DMatrixRMaj v = d.v();
    for (int i = 0; i < d.components(); i++) {
      double best = 0;
      for (int r = 0; r < p.numRows; r++) {
        double val = p.unsafe_get(r, i);
        if (Math.abs(val) > Math.abs(best)) {
          best = val;
        }
      }
      if (best < 0) {
        for (int r = 0; r < p.numRows; r++) {
          p.unsafe_set(r, i, -p.unsafe_get(r, i));
        }
        for (int r = 0; r < v.numRows; r++) {
          v.unsafe_set(r, i, -v.unsafe_get(r, i));
        }
      }
    }
  }
}
