package dev.decomcam.processor.decom;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Exact thin SVD in float64 (EJML), keeping the leading {@code n} components. The reference
 * implementation uses a float64 SVD too; for a 49×100 matrix this costs well under a millisecond,
 * so the exact solver is the default. Stateless and thread-safe.
 */
public final class FullSvd implements Decomposer {

  @Override
  public Decomposition decompose(DMatrixRMaj x, int n) {
    if (n < 0) {
      throw new IllegalArgumentException("full svd: component count must be >= 0, got " + n);
    }
    int rows = x.numRows;
    int cols = x.numCols;
    int keep = Math.min(n, Math.min(rows, cols));
    double total = rows * cols == 0 ? 0.0 : square(NormOps_DDRM.normF(x));
    if (keep == 0) {
      return new Decomposition(
          new DMatrixRMaj(cols, 0), new double[0], new DMatrixRMaj(rows, 0), total);
    }
    SingularValueDecomposition_F64<DMatrixRMaj> svd =
        DecompositionFactory_DDRM.svd(rows, cols, false, true, true);
    DMatrixRMaj work = svd.inputModified() ? x.copy() : x;
    if (!svd.decompose(work)) {
      throw new IllegalStateException(
          "full svd: EJML did not converge on a "
              + rows
              + "x"
              + cols
              + " matrix: check the activations for NaN or infinite values");
    }
    DMatrixRMaj vAll = svd.getV(null, false);
    double[] s = svd.getSingularValues().clone();
    int count = svd.numberOfSingularValues();
    SingularOps_DDRM.descendingOrder(null, false, s, count, vAll, false);
    DMatrixRMaj v = new DMatrixRMaj(cols, keep);
    CommonOps_DDRM.extract(vAll, 0, cols, 0, keep, v, 0, 0);
    double[] sv = new double[keep];
    System.arraycopy(s, 0, sv, 0, keep);
    DMatrixRMaj p = new DMatrixRMaj(rows, keep);
    CommonOps_DDRM.mult(x, v, p);
    return new Decomposition(v, sv, p, total);
  }

  private static double square(double v) {
    return v * v;
  }

  @Override
  public String name() {
    return "full";
  }
}
