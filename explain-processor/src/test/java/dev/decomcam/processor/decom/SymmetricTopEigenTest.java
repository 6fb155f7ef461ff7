package dev.decomcam.processor.decom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link SymmetricTopEigen} against EJML's full symmetric eigendecomposition ({@link
 * GramSvd#fullEigen}, also GramSvd's fallback): same eigenvalues and eigenvectors to rounding, on
 * Gram matrices of Decom-CAM's shapes, random symmetric matrices, repeated and clustered
 * eigenvalues, already tridiagonal and block-diagonal matrices and the edge cases.
 */
class SymmetricTopEigenTest {

  private static final double FLOOR = 1e-12;

  @ParameterizedTest
  @CsvSource({"49, 100, 15", "96, 256, 15", "100, 49, 15", "100, 1000, 100", "3, 5, 3"})
  void gramMatricesAgreeWithTheFullDecomposition(int side, int len, int count) {
    DMatrixRMaj x = decaying(side, len, new Random(side * 7L + len));
    DMatrixRMaj g = new DMatrixRMaj(side, side);
    CommonOps_DDRM.multTransB(x, x, g);
    agree(g, count);
  }

  @ParameterizedTest
  @CsvSource({"1, 1", "2, 2", "3, 1", "7, 4", "40, 15", "100, 15"})
  void randomSymmetricMatricesAgree(int n, int count) {
    Random rnd = new Random(n);
    DMatrixRMaj a = new DMatrixRMaj(n, n);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double v = rnd.nextGaussian() + (i == j ? 4 : 0);
        a.set(i, j, v);
        a.set(j, i, v);
      }
    }
    agree(a, count);
  }

  @Test
  void repeatedAndClusteredEigenvaluesGiveAnOrthonormalBasisOfTheirSubspace() {
    double[] spectrum = {5, 3, 3, 3, 2 + 1e-9, 2, 2 - 1e-13, 1, 1e-3 + 1e-12, 1e-3, 0, 0};
    DMatrixRMaj a = withSpectrum(spectrum, new Random(3));
    SymmetricTopEigen.Pairs top = SymmetricTopEigen.largest(a.copy().data, 12, 10, FLOOR);
    assertNotNull(top);
    assertEquals(10, top.count());
    for (int j = 0; j < 10; j++) {
      assertEquals(spectrum[j], top.values()[j], 1e-14 * 5, "lambda_" + j);
    }
    orthonormal(top);
    residualsSmall(a, top);
    // each group's vectors span the same subspace as the full decomposition's
    SymmetricTopEigen.Pairs full = GramSvd.fullEigen(a.copy(), 10, 12, 12);
    int[][] groups = {{0, 1}, {1, 4}, {4, 7}, {7, 8}, {8, 10}};
    for (int[] grp : groups) {
      assertEquals(0.0, projectorDistance(top, full, grp[0], grp[1]), 1e-6, "group " + grp[0]);
    }
  }

  @Test
  void tridiagonalAndBlockDiagonalInputs() {
    // already tridiagonal (every Householder step is the identity), and two uncoupled blocks with a
    // shared eigenvalue (the tridiagonal matrix splits)
    int n = 9;
    DMatrixRMaj t = new DMatrixRMaj(n, n);
    for (int i = 0; i < n; i++) {
      t.set(i, i, 2 + i % 3);
      if (i + 1 < n && i != 4) {
        t.set(i, i + 1, 0.5);
        t.set(i + 1, i, 0.5);
      }
    }
    agree(t, n);
    DMatrixRMaj diag = new DMatrixRMaj(n, n);
    for (int i = 0; i < n; i++) {
      diag.set(i, i, i % 4);
    }
    SymmetricTopEigen.Pairs d = SymmetricTopEigen.largest(diag.copy().data, n, n, FLOOR);
    assertEquals(6, d.count(), "eigenvalues 3 3 2 2 1 1 above the floor, 0 0 0 not");
    orthonormal(d);
    residualsSmall(diag, d);
  }

  @Test
  void edgeCases() {
    assertEquals(0, SymmetricTopEigen.largest(new double[16], 4, 3, FLOOR).count(), "zero matrix");
    assertEquals(0, SymmetricTopEigen.largest(new double[] {2}, 1, 0, FLOOR).count(), "count 0");
    SymmetricTopEigen.Pairs one = SymmetricTopEigen.largest(new double[] {2}, 1, 1, FLOOR);
    assertEquals(2.0, one.values()[0], 1e-15);
    assertEquals(1.0, Math.abs(one.vectors()[0]), 1e-15);
    double[] negative = {-2, 0, 0, -1};
    assertEquals(0, SymmetricTopEigen.largest(negative, 2, 2, FLOOR).count(), "none above 0");
    double[] rank1 = {1, 2, 2, 4};
    SymmetricTopEigen.Pairs r = SymmetricTopEigen.largest(rank1, 2, 2, FLOOR);
    assertEquals(1, r.count(), "the zero eigenvalue is below the floor");
    assertEquals(5.0, r.values()[0], 1e-14);
    assertNull(
        SymmetricTopEigen.largest(new double[] {1, Double.NaN, Double.NaN, 1}, 2, 1, FLOOR),
        "non-finite input: null, so GramSvd falls back");
    assertThrows(
        IllegalArgumentException.class, () -> SymmetricTopEigen.largest(new double[4], 2, 3, 0));
  }

  /** Same eigenvalues and, for well-separated ones, eigenvectors (up to sign) as EJML's. */
  private static void agree(DMatrixRMaj a, int count) {
    int n = a.numRows;
    SymmetricTopEigen.Pairs top = SymmetricTopEigen.largest(a.copy().data, n, count, FLOOR);
    SymmetricTopEigen.Pairs full = GramSvd.fullEigen(a.copy(), count, n, n);
    assertNotNull(top);
    assertEquals(full.count(), top.count(), "eigenpairs above the floor");
    double scale = Math.max(Math.abs(full.values()[0]), 1e-300);
    for (int j = 0; j < top.count(); j++) {
      assertEquals(full.values()[j], top.values()[j], 1e-13 * scale, "lambda_" + j);
      double gap = Double.POSITIVE_INFINITY;
      if (j > 0) {
        gap = full.values()[j - 1] - full.values()[j];
      }
      if (j + 1 < full.count()) {
        gap = Math.min(gap, full.values()[j] - full.values()[j + 1]);
      }
      if (gap > 1e-6 * scale) {
        double cos = 0;
        for (int i = 0; i < n; i++) {
          cos += top.vectors()[j * n + i] * full.vectors()[j * n + i];
        }
        assertEquals(1.0, Math.abs(cos), 1e-10, "|cos| of eigenvector " + j);
      }
    }
    orthonormal(top);
    residualsSmall(a, top);
  }

  private static void orthonormal(SymmetricTopEigen.Pairs p) {
    int n = p.n();
    for (int i = 0; i < p.count(); i++) {
      for (int j = 0; j <= i; j++) {
        double dot = 0;
        for (int r = 0; r < n; r++) {
          dot += p.vectors()[i * n + r] * p.vectors()[j * n + r];
        }
        assertEquals(i == j ? 1.0 : 0.0, dot, 1e-12, "v_" + i + "·v_" + j);
      }
    }
  }

  /** ‖A·v − λ·v‖ ≤ a few ε·‖A‖ for every pair. */
  private static void residualsSmall(DMatrixRMaj a, SymmetricTopEigen.Pairs p) {
    int n = p.n();
    double norm = CommonOps_DDRM.elementMaxAbs(a) * n;
    for (int j = 0; j < p.count(); j++) {
      double ss = 0;
      for (int r = 0; r < n; r++) {
        double av = 0;
        for (int c = 0; c < n; c++) {
          av += a.get(r, c) * p.vectors()[j * n + c];
        }
        double d = av - p.values()[j] * p.vectors()[j * n + r];
        ss += d * d;
      }
      assertEquals(0.0, Math.sqrt(ss), 1e-13 * Math.max(norm, 1e-300), "residual of pair " + j);
    }
  }

  /** ‖P_a − P_b‖_max of the projectors onto vectors [from, to) of a and of b. */
  private static double projectorDistance(
      SymmetricTopEigen.Pairs a, SymmetricTopEigen.Pairs b, int from, int to) {
    int n = a.n();
    double worst = 0;
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < n; c++) {
        double pa = 0;
        double pb = 0;
        for (int j = from; j < to; j++) {
          pa += a.vectors()[j * n + r] * a.vectors()[j * n + c];
          pb += b.vectors()[j * n + r] * b.vectors()[j * n + c];
        }
        worst = Math.max(worst, Math.abs(pa - pb));
      }
    }
    return worst;
  }

  /** Q·diag(spectrum)·Qᵀ for a random orthogonal Q. */
  private static DMatrixRMaj withSpectrum(double[] spectrum, Random rnd) {
    int n = spectrum.length;
    DMatrixRMaj q = new DMatrixRMaj(n, n);
    for (int i = 0; i < q.data.length; i++) {
      q.data[i] = rnd.nextGaussian();
    }
    q = WarmStartSvd.orthonormal(q);
    DMatrixRMaj qd = q.copy();
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < n; c++) {
        qd.set(r, c, q.get(r, c) * spectrum[c]);
      }
    }
    DMatrixRMaj a = new DMatrixRMaj(n, n);
    CommonOps_DDRM.multTransB(qd, q, a);
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < r; c++) {
        double v = 0.5 * (a.get(r, c) + a.get(c, r));
        a.set(r, c, v);
        a.set(c, r, v);
      }
    }
    return a;
  }

  /** rows×len with a decaying spectrum plus noise, like centred weighted activations. */
  private static DMatrixRMaj decaying(int rows, int len, Random rnd) {
    DMatrixRMaj x = new DMatrixRMaj(rows, len);
    for (int r = 0; r < Math.min(rows, len); r++) {
      double s = Math.pow(0.8, r);
      double[] a = new double[rows];
      double[] b = new double[len];
      for (int i = 0; i < rows; i++) {
        a[i] = rnd.nextGaussian();
      }
      for (int i = 0; i < len; i++) {
        b[i] = rnd.nextGaussian();
      }
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < len; j++) {
          x.data[i * len + j] += s * a[i] * b[j] / Math.sqrt(rows * len);
        }
      }
    }
    return x;
  }
}
