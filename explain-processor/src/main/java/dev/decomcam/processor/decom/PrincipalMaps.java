package dev.decomcam.processor.decom;

import java.util.Arrays;
import java.util.Comparator;
import org.ejml.data.DMatrixRMaj;

/**
 * Decom-CAM's decomposition input and output orientation: which channels enter (top-K by
 * gradient weight), the centred weighted matrix X (positions × channels) and the sign
 * convention that makes each orthogonal map point at what it highlights.
 */
final class PrincipalMaps {

  private PrincipalMaps() {}

  /**
   * Indices of the {@code k} largest weights, descending; ties keep the lower index first (a
   * stable sort), so results are reproducible across implementations.
   */
  static int[] topK(double[] weights, int k) {
    Integer[] idx = new Integer[weights.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, Comparator.comparingDouble((Integer i) -> weights[i]).reversed());
    int keep = Math.min(k, idx.length);
    int[] out = new int[keep];
    for (int i = 0; i < keep; i++) {
      out[i] = idx[i];
    }
    return out;
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
      int c = channels[j];
      double w = weights[c];
      int base = c * m;
      double mean = 0;
      for (int p = 0; p < m; p++) {
        double v = w * a[base + p];
        data[p * kk + j] = v;
        mean += v;
      }
      mean /= m;
      for (int p = 0; p < m; p++) {
        data[p * kk + j] -= mean;
      }
    }
    return x;
  }

  /**
   * Flips component i (its projection and its vector together) so the projection's entry of
   * largest magnitude is positive; SVD signs are arbitrary and this makes the map's strongest
   * region the highlighted one. Modifies {@code d}'s matrices in place.
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
