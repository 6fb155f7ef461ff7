package dev.decomcam.processor.decom;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Exact thin SVD through the symmetric eigen-decomposition of the smaller Gram matrix: for a wide X
 * (rows ≤ cols, Decom-CAM's 49×100 at 7×7) G = X·Xᵀ = U·Λ·Uᵀ gives s_i = √λ_i, projections u_i·s_i
 * and v_i = Xᵀ·u_i / s_i; for a tall X (256×100 at 16×16) G = Xᵀ·X = V·Λ·Vᵀ gives v_i and
 * projections X·v_i. An eigen-decomposition of the small Gram matrix does less work than a dense
 * SVD of X at these sizes ({@code GramSvdTest} checks they agree), which matters at one
 * decomposition per video frame. Squaring X squares its condition: λ_i carries an absolute error of
 * about ε·s_0², so s_i is exact to about ε·s_0²/s_i, far below what the saliency maps resolve for
 * the leading components; a component with λ_i ≤ 1e-12·λ_0 (a zero direction) comes out with s_i =
 * 0 and zero vectors. Stateless and thread-safe.
 */
public final class GramSvd implements Decomposer {

  /** Eigenvalues at or below this share of the largest are treated as zero. */
  private static final double RELATIVE_FLOOR = 1e-12;

  @Override
  public Decomposition decompose(DMatrixRMaj x, int n) {
    if (n < 0) {
      throw new IllegalArgumentException("gram svd: component count must be >= 0, got " + n);
    }
    int m = x.numRows;
    int k = x.numCols;
    boolean wide = m <= k;
    int side = Math.min(m, k);
    int keep = Math.min(n, side);
    DMatrixRMaj g = wide ? rowGram(x) : columnGram(x);
    double total = 0;
    for (int i = 0; i < side; i++) {
      total += g.data[i * side + i];
    }
    DMatrixRMaj v = new DMatrixRMaj(k, keep);
    DMatrixRMaj p = new DMatrixRMaj(m, keep);
    double[] s = new double[keep];
    if (keep == 0) {
      return new Decomposition(v, s, p, total);
    }
    EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(side, true, true);
    if (!eig.decompose(g)) {
      throw new IllegalStateException(
          "gram svd: EJML did not converge on a "
              + m
              + "x"
              + k
              + " matrix: check the activations for NaN or infinite values");
    }
    Integer[] order = new Integer[side];
    for (int i = 0; i < side; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(
        order, (i, j) -> Double.compare(eig.getEigenvalue(j).real, eig.getEigenvalue(i).real));
    double floor = RELATIVE_FLOOR * Math.max(0, eig.getEigenvalue(order[0]).real);
    double[] a = x.data;
    for (int c = 0; c < keep; c++) {
      double lambda = eig.getEigenvalue(order[c]).real;
      if (!(lambda > floor)) {
        continue; // a zero direction: s = 0, zero vectors
      }
      double[] e = eig.getEigenVector(order[c]).data;
      double sc = Math.sqrt(lambda);
      s[c] = sc;
      if (wide) {
        // e = u: projection u·s, v = Xᵀ·u / s
        for (int r = 0; r < m; r++) {
          p.data[r * keep + c] = e[r] * sc;
          double ur = e[r] / sc;
          for (int col = 0; col < k; col++) {
            v.data[col * keep + c] += a[r * k + col] * ur;
          }
        }
      } else {
        // e = v: projection X·v
        for (int col = 0; col < k; col++) {
          v.data[col * keep + c] = e[col];
        }
        for (int r = 0; r < m; r++) {
          double acc = 0;
          for (int col = 0; col < k; col++) {
            acc += a[r * k + col] * e[col];
          }
          p.data[r * keep + c] = acc;
        }
      }
    }
    return new Decomposition(v, s, p, total);
  }

  /** X·Xᵀ (rows × rows). */
  private static DMatrixRMaj rowGram(DMatrixRMaj x) {
    int m = x.numRows;
    int k = x.numCols;
    double[] a = x.data;
    DMatrixRMaj g = new DMatrixRMaj(m, m);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j <= i; j++) {
        double acc = 0;
        for (int c = 0; c < k; c++) {
          acc += a[i * k + c] * a[j * k + c];
        }
        g.data[i * m + j] = acc;
        g.data[j * m + i] = acc;
      }
    }
    return g;
  }

  /** Xᵀ·X (cols × cols), accumulated row by row so the inner loop runs over contiguous memory. */
  private static DMatrixRMaj columnGram(DMatrixRMaj x) {
    int m = x.numRows;
    int k = x.numCols;
    double[] a = x.data;
    double[] g = new double[k * k];
    for (int r = 0; r < m; r++) {
      int row = r * k;
      for (int i = 0; i < k; i++) {
        double ai = a[row + i];
        if (ai == 0) {
          continue;
        }
        int gi = i * k;
        for (int j = i; j < k; j++) {
          g[gi + j] += ai * a[row + j];
        }
      }
    }
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < i; j++) {
        g[i * k + j] = g[j * k + i];
      }
    }
    return DMatrixRMaj.wrap(k, k, g);
  }

  @Override
  public String name() {
    return "gram";
  }
}
