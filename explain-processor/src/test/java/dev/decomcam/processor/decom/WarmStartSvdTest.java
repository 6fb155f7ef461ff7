package dev.decomcam.processor.decom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.junit.jupiter.api.Test;

class WarmStartSvdTest {

  /** m×k matrix U·diag(s)·Vᵀ with random orthonormal U, V and singular values s_i = decay^i. */
  static DMatrixRMaj decaying(long seed, int m, int k, double decay) {
    Random r = new Random(seed);
    int rank = Math.min(m, k);
    DMatrixRMaj u = WarmStartSvd.orthonormal(gaussian(r, m, rank));
    DMatrixRMaj v = WarmStartSvd.orthonormal(gaussian(r, k, rank));
    for (int i = 0; i < rank; i++) {
      double s = Math.pow(decay, i);
      for (int row = 0; row < m; row++) {
        u.set(row, i, u.get(row, i) * s);
      }
    }
    DMatrixRMaj x = new DMatrixRMaj(m, k);
    CommonOps_DDRM.multTransB(u, v, x);
    return x;
  }

  static DMatrixRMaj gaussian(Random r, int rows, int cols) {
    DMatrixRMaj g = new DMatrixRMaj(rows, cols);
    for (int i = 0; i < g.data.length; i++) {
      g.data[i] = r.nextGaussian();
    }
    return g;
  }

  static DMatrixRMaj perturbed(DMatrixRMaj x, long seed, double scale) {
    DMatrixRMaj y = x.copy();
    Random r = new Random(seed);
    double s = scale * NormOps_DDRM.normF(x) / Math.sqrt(x.data.length);
    for (int i = 0; i < y.data.length; i++) {
      y.data[i] += s * r.nextGaussian();
    }
    return y;
  }

  /** ‖X − X·V·Vᵀ‖_F / ‖X‖_F for the decomposition's V. */
  static double reconstructionError(DMatrixRMaj x, Decomposition d) {
    DMatrixRMaj approx = new DMatrixRMaj(x.numRows, x.numCols);
    CommonOps_DDRM.multTransB(d.projections(), d.v(), approx);
    DMatrixRMaj diff = x.copy();
    CommonOps_DDRM.subtractEquals(diff, approx);
    return NormOps_DDRM.normF(diff) / NormOps_DDRM.normF(x);
  }

  @Test
  void coldIterativeSolveMatchesTheFullSvd() {
    DMatrixRMaj x = decaying(1, 300, 200, 0.85);
    DMatrixRMaj before = x.copy();
    WarmStartSvd.Solution s = new WarmStartSvd(5, 1e-9, 200, 0).solve(x, 10, null);
    Decomposition full = new FullSvd().decompose(x, 10);
    assertArrayEquals(before.data, x.data, 0.0, "input must not be modified");
    assertFalse(s.warm());
    assertTrue(s.converged(), "residual " + s.residual());
    assertTrue(s.iterations() > 0);
    for (int i = 0; i < 10; i++) {
      assertEquals(
          full.singularValues()[i],
          s.decomposition().singularValues()[i],
          1e-9 * full.singularValues()[0]);
    }
    assertTrue(WarmStartSvd.maxPrincipalAngle(full.v(), s.decomposition().v()) < 1e-4);
    assertEquals(reconstructionError(x, full), reconstructionError(x, s.decomposition()), 1e-4);
    assertEquals(
        full.totalVariance(), s.decomposition().totalVariance(), 1e-9 * full.totalVariance());
  }

  @Test
  void warmStartFromAPerturbedMatrixConvergesInFewIterations() {
    WarmStartSvd svd = new WarmStartSvd(5, 1e-6, 100, 0);
    DMatrixRMaj x0 = decaying(2, 400, 300, 0.8);
    WarmStartSvd.Solution first = svd.solve(x0, 10, null);
    DMatrixRMaj x1 = perturbed(x0, 3, 1e-3);
    WarmStartSvd.Solution warm = svd.solve(x1, 10, first.basis());
    WarmStartSvd.Solution cold = svd.solve(x1, 10, null);
    assertTrue(warm.warm());
    assertTrue(warm.converged(), "residual " + warm.residual());
    assertTrue(warm.iterations() <= 6, "warm iterations " + warm.iterations());
    assertTrue(
        warm.iterations() < cold.iterations(), warm.iterations() + " vs cold " + cold.iterations());
    Decomposition full = new FullSvd().decompose(x1, 10);
    assertEquals(
        reconstructionError(x1, full), reconstructionError(x1, warm.decomposition()), 1e-4);
    assertTrue(WarmStartSvd.maxPrincipalAngle(full.v(), warm.decomposition().v()) < 1e-3);
    for (int i = 0; i < 10; i++) {
      assertEquals(
          full.singularValues()[i],
          warm.decomposition().singularValues()[i],
          1e-6 * full.singularValues()[0]);
    }
  }

  @Test
  void resultsNeverAliasTheBasisOrTheStart() {
    WarmStartSvd svd = new WarmStartSvd(3, 1e-8, 100, 0);
    DMatrixRMaj x = decaying(4, 60, 40, 0.7);
    WarmStartSvd.Solution a = svd.solve(x, 5, null);
    DMatrixRMaj basisCopy = a.basis().copy();
    // the sign fix flips V and the projections in place
    PrincipalMaps.fixSigns(a.decomposition());
    CommonOps_DDRM.scale(-1, a.decomposition().v());
    assertArrayEquals(basisCopy.data, a.basis().data, 0.0);
    DMatrixRMaj start = a.basis().copy();
    WarmStartSvd.Solution b = svd.solve(x, 5, start);
    assertArrayEquals(basisCopy.data, start.data, 0.0, "start must not be modified");
    CommonOps_DDRM.fill(b.decomposition().v(), 0);
    assertTrue(NormOps_DDRM.normF(b.basis()) > 1);
  }

  @Test
  void asADecomposerItWarmStartsFromItsLastCallAndSmallMatricesAreExact() {
    WarmStartSvd svd = new WarmStartSvd();
    DMatrixRMaj x = decaying(5, 49, 100, 0.8);
    Decomposition d1 = svd.decompose(x, 10);
    Decomposition d2 = svd.decompose(perturbed(x, 6, 1e-3), 10);
    Decomposition full = new FullSvd().decompose(x, 10);
    assertArrayEquals(full.singularValues(), d1.singularValues(), 1e-12);
    assertEquals(10, d2.components());
    assertTrue(WarmStartSvd.maxPrincipalAngle(d1.v(), d2.v()) < 0.05);
    assertEquals("warm", svd.name());
    assertThrows(IllegalArgumentException.class, () -> new WarmStartSvd(-1, 1e-6, 10, 0));
  }

  @Test
  void principalAnglesOfKnownSubspaces() {
    double theta = 0.3;
    DMatrixRMaj a = new DMatrixRMaj(new double[][] {{1, 0}, {0, 1}, {0, 0}, {0, 0}});
    DMatrixRMaj b =
        new DMatrixRMaj(
            new double[][] {{0, 1}, {Math.cos(theta), 0}, {Math.sin(theta), 0}, {0, 0}});
    assertArrayEquals(
        new double[] {1, Math.cos(theta)}, WarmStartSvd.principalCosines(a, b), 1e-12);
    assertEquals(theta, WarmStartSvd.maxPrincipalAngle(a, b), 1e-9);
    assertEquals(0.0, WarmStartSvd.maxPrincipalAngle(a, a), 1e-6);
    DMatrixRMaj c = new DMatrixRMaj(new double[][] {{0}, {0}, {0}, {1}});
    assertEquals(Math.PI / 2, WarmStartSvd.maxPrincipalAngle(a, c), 1e-12);
    assertThrows(
        IllegalArgumentException.class,
        () -> WarmStartSvd.principalCosines(a, new DMatrixRMaj(3, 1)));
  }
}
