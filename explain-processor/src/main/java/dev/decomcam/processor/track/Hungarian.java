package dev.decomcam.processor.track;

import java.util.Arrays;

/**
 * Optimal assignment (Kuhn–Munkres with potentials, O(n³)) maximising the total gain of a rows×cols
 * matrix; a row may stay unassigned when there are more rows than columns. For the ≤ 16 components
 * a frame has this is microseconds, and unlike a greedy match it cannot let one early pick steal
 * the only good partner of another.
 *
 * <p>Kuhn, "The Hungarian method for the assignment problem", Naval Research Logistics Quarterly 2
 * (1955); the potential-based form follows Jonker and Volgenant.
 */
final class Hungarian {

  private Hungarian() {}

  /** For each row, the assigned column or -1. {@code gain} is not modified. */
  static int[] maximise(double[][] gain, int cols) {
    int rows = gain.length;
    int n = Math.max(rows, cols);
    if (n == 0) {
      return new int[0];
    }
    // minimise cost = -gain on a square matrix padded with zeros (padding = "unassigned")
    double[][] cost = new double[n + 1][n + 1];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        cost[i + 1][j + 1] = -gain[i][j];
      }
    }
    double[] u = new double[n + 1];
    double[] v = new double[n + 1];
    int[] p = new int[n + 1];
    int[] way = new int[n + 1];
    for (int i = 1; i <= n; i++) {
      p[0] = i;
      int j0 = 0;
      double[] minv = new double[n + 1];
      Arrays.fill(minv, Double.POSITIVE_INFINITY);
      boolean[] used = new boolean[n + 1];
      do {
        used[j0] = true;
        int i0 = p[j0];
        double delta = Double.POSITIVE_INFINITY;
        int j1 = 0;
        for (int j = 1; j <= n; j++) {
          if (!used[j]) {
            double cur = cost[i0][j] - u[i0] - v[j];
            if (cur < minv[j]) {
              minv[j] = cur;
              way[j] = j0;
            }
            if (minv[j] < delta) {
              delta = minv[j];
              j1 = j;
            }
          }
        }
        for (int j = 0; j <= n; j++) {
          if (used[j]) {
            u[p[j]] += delta;
            v[j] -= delta;
          } else {
            minv[j] -= delta;
          }
        }
        j0 = j1;
      } while (p[j0] != 0);
      do {
        int j1 = way[j0];
        p[j0] = p[j1];
        j0 = j1;
      } while (j0 != 0);
    }
    int[] out = new int[rows];
    Arrays.fill(out, -1);
    for (int j = 1; j <= n; j++) {
      int i = p[j];
      if (i >= 1 && i <= rows && j <= cols) {
        out[i - 1] = j - 1;
      }
    }
    return out;
  }
}
