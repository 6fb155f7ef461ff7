package dev.decomcam.processor.decom;

import org.ejml.data.DMatrixRMaj;

/**
 * Result of a {@link Decomposer}: right singular vectors V (cols×n, column i is v_i), singular
 * values s_i (descending), projections P = X·V (rows×n, column i is u_i·s_i) and the total variance
 * ‖X‖²_F (the sum of all squared singular values), so explained-variance ratios s_i²/‖X‖²_F are
 * available even from solvers that find only the leading components.
 */
public record Decomposition(
    DMatrixRMaj v, double[] singularValues, DMatrixRMaj projections, double totalVariance) {

  public Decomposition {
    int n = singularValues.length;
    if (v.numCols != n || projections.numCols != n) {
      throw new IllegalArgumentException(
          "decomposition: "
              + n
              + " singular values but V has "
              + v.numCols
              + " columns and projections "
              + projections.numCols);
    }
  }

  public int components() {
    return singularValues.length;
  }

  /** Projection u_i·s_i as a fresh array (one value per row of X). */
  public double[] projection(int i) {
    double[] out = new double[projections.numRows];
    for (int r = 0; r < out.length; r++) {
      out[r] = projections.unsafe_get(r, i);
    }
    return out;
  }

  /** Right singular vector v_i as a fresh array (one value per column of X). */
  public double[] vector(int i) {
    double[] out = new double[v.numRows];
    for (int r = 0; r < out.length; r++) {
      out[r] = v.unsafe_get(r, i);
    }
    return out;
  }

  /** s_i² / ‖X‖²_F, or 0 when X is all zeros. */
  public double energy(int i) {
    return totalVariance > 0 ? singularValues[i] * singularValues[i] / totalVariance : 0.0;
  }
}
