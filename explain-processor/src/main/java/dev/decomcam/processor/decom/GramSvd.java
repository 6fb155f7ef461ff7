package dev.decomcam.processor.decom;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Exact thin SVD through the symmetric eigen-decomposition of the smaller Gram matrix: for a wide X
 * (rows ≤ cols, Decom-CAM's 49×100 at 7×7) G = X·Xᵀ = U·Λ·Uᵀ gives s_i = √λ_i, projections u_i·s_i
 * and v_i = Xᵀ·u_i / s_i; for a tall X (256×96 at 16×16) G = Xᵀ·X = V·Λ·Vᵀ gives v_i and
 * projections X·v_i. An eigen-decomposition of the small Gram matrix does less work than a dense
 * SVD of X at these sizes ({@code GramSvdTest} checks they agree), which matters at one
 * decomposition per video frame; and only the n leading eigenpairs are computed ({@link
 * SymmetricTopEigen}: reduction to tridiagonal form, bisection, inverse iteration), not all of
 * them. Squaring X squares its condition: λ_i carries an absolute error of about ε·s_0², so s_i is
 * exact to about ε·s_0²/s_i, far below what the saliency maps resolve for the leading components; a
 * component with λ_i ≤ 1e-12·λ_0 (a zero direction) comes out with s_i = 0 and zero vectors.
 * Stateless and thread-safe.
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
    if (!Double.isFinite(total)) {
      throw notConverged(m, k);
    }
    SymmetricTopEigen.Pairs eig = SymmetricTopEigen.largest(g.data, side, keep, RELATIVE_FLOOR);
    if (eig == null) {
      eig = fullEigen(wide ? rowGram(x) : columnGram(x), keep, m, k);
    }
    double[] a = x.data;
    double[] vectors = eig.vectors();
    double[] vc = new double[wide ? k : 0];
    for (int c = 0; c < eig.count(); c++) {
      int e = c * side; // eigenvector c at vectors[e, e + side)
      double sc = Math.sqrt(eig.values()[c]);
      s[c] = sc;
      if (wide) {
        // e = u: projection u·s, v = Xᵀ·u / s (summed into a contiguous row, then stored)
        java.util.Arrays.fill(vc, 0.0);
        for (int r = 0; r < m; r++) {
          p.data[r * keep + c] = vectors[e + r] * sc;
          double ur = vectors[e + r] / sc;
          for (int col = 0; col < k; col++) {
            vc[col] += a[r * k + col] * ur;
          }
        }
        for (int col = 0; col < k; col++) {
          v.data[col * keep + c] = vc[col];
        }
      } else {
        // e = v; projections X·v below
        for (int col = 0; col < k; col++) {
          v.data[col * keep + c] = vectors[e + col];
        }
      }
    }
    if (!wide) {
      project(a, m, k, vectors, eig.count(), p.data, keep);
    }
    return new Decomposition(v, s, p, total);
  }

  /**
   * p[r·keep + c] = X_r·e_c for every row r of X (m×k) and each of the first {@code count}
   * eigenvectors e_c (at vectors[c·k, (c + 1)·k)): four eigenvectors per pass over a row, each sum
   * still taken in column order.
   */
  private static void project(
      double[] a, int m, int k, double[] vectors, int count, double[] p, int keep) {
    for (int r = 0; r < m; r++) {
      int row = r * k;
      int out = r * keep;
      int c = 0;
      for (; c + 3 < count; c += 4) {
        int e0 = c * k;
        int e1 = e0 + k;
        int e2 = e1 + k;
        int e3 = e2 + k;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        for (int col = 0; col < k; col++) {
          double x = a[row + col];
          s0 += x * vectors[e0 + col];
          s1 += x * vectors[e1 + col];
          s2 += x * vectors[e2 + col];
          s3 += x * vectors[e3 + col];
        }
        p[out + c] = s0;
        p[out + c + 1] = s1;
        p[out + c + 2] = s2;
        p[out + c + 3] = s3;
      }
      for (; c < count; c++) {
        int e = c * k;
        double acc = 0;
        for (int col = 0; col < k; col++) {
          acc += a[row + col] * vectors[e + col];
        }
        p[out + c] = acc;
      }
    }
  }

  /**
   * The same eigenpairs from EJML's full symmetric QR algorithm: the fallback should {@link
   * SymmetricTopEigen} meet a non-finite value.
   */
  static SymmetricTopEigen.Pairs fullEigen(DMatrixRMaj g, int keep, int m, int k) {
    int side = g.numRows;
    EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(side, true, true);
    if (!eig.decompose(g)) {
      throw notConverged(m, k);
    }
    Integer[] order = new Integer[side];
    for (int i = 0; i < side; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(
        order, (i, j) -> Double.compare(eig.getEigenvalue(j).real, eig.getEigenvalue(i).real));
    double floor = RELATIVE_FLOOR * Math.max(0, eig.getEigenvalue(order[0]).real);
    int found = 0;
    while (found < keep && eig.getEigenvalue(order[found]).real > floor) {
      found++;
    }
    double[] values = new double[found];
    double[] vectors = new double[found * side];
    for (int c = 0; c < found; c++) {
      values[c] = eig.getEigenvalue(order[c]).real;
      System.arraycopy(eig.getEigenVector(order[c]).data, 0, vectors, c * side, side);
    }
    return new SymmetricTopEigen.Pairs(side, values, vectors);
  }

  private static IllegalStateException notConverged(int m, int k) {
    return new IllegalStateException(
        "gram svd: no eigendecomposition of the Gram matrix of a "
            + m
            + "x"
            + k
            + " matrix: check the activations for NaN or infinite values");
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

  /**
   * Xᵀ·X (cols × cols), accumulated four rows of X at a time (row by row for the rest), so the
   * inner loop runs over contiguous memory and reads and writes each Gram entry once per four rows.
   */
  private static DMatrixRMaj columnGram(DMatrixRMaj x) {
    int m = x.numRows;
    int k = x.numCols;
    double[] a = x.data;
    double[] g = new double[k * k];
    int r = 0;
    for (; r + 3 < m; r += 4) {
      int r0 = r * k;
      int r1 = r0 + k;
      int r2 = r1 + k;
      int r3 = r2 + k;
      for (int i = 0; i < k; i++) {
        double a0 = a[r0 + i];
        double a1 = a[r1 + i];
        double a2 = a[r2 + i];
        double a3 = a[r3 + i];
        int gi = i * k;
        for (int j = i; j < k; j++) {
          g[gi + j] += (a0 * a[r0 + j] + a1 * a[r1 + j]) + (a2 * a[r2 + j] + a3 * a[r3 + j]);
        }
      }
    }
    for (; r < m; r++) {
      int row = r * k;
      for (int i = 0; i < k; i++) {
        double ai = a[row + i];
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
