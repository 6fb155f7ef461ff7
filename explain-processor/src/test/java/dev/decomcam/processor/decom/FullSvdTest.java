package dev.decomcam.processor.decom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Contract for every {@link Decomposer}, on matrices whose decomposition is known. */
class FullSvdTest {

  static List<Decomposer> decomposers() {
    return List.of(
        new FullSvd(), new GramSvd(), new WarmStartSvd(), new WarmStartSvd(2, 1e-12, 500, 0));
  }

  @ParameterizedTest
  @MethodSource("decomposers")
  void knownSmallMatrix(Decomposer d) {
    // X = [[0, 3], [-2, 0], [0, 0]]: singular values 3 and 2, V = (+-e2, +-e1)
    DMatrixRMaj x = new DMatrixRMaj(new double[][] {{0, 3}, {-2, 0}, {0, 0}});
    Decomposition r = d.decompose(x, 2);
    assertArrayEquals(new double[] {3, 2}, r.singularValues(), 1e-12);
    assertEquals(1.0, Math.abs(r.vector(0)[1]), 1e-12);
    assertEquals(0.0, r.vector(0)[0], 1e-12);
    assertEquals(1.0, Math.abs(r.vector(1)[0]), 1e-12);
    double[] p0 = r.projection(0);
    assertEquals(3.0, Math.abs(p0[0]), 1e-12);
    assertEquals(0.0, p0[1], 1e-12);
    assertEquals(13.0, r.totalVariance(), 1e-12);
    assertEquals(9.0 / 13, r.energy(0), 1e-12);
  }

  @ParameterizedTest
  @MethodSource("decomposers")
  void orthonormalDescendingAndReconstructing(Decomposer d) {
    Random rnd = new Random(11);
    int m = 49;
    int k = 20;
    DMatrixRMaj x = new DMatrixRMaj(m, k);
    for (int i = 0; i < x.data.length; i++) {
      x.data[i] = rnd.nextGaussian();
    }
    DMatrixRMaj before = x.copy();
    Decomposition r = d.decompose(x, k);
    assertArrayEquals(before.data, x.data, 0.0, "input must not be modified");
    assertEquals(k, r.components());
    for (int i = 0; i < k; i++) {
      if (i > 0) {
        assertTrue(r.singularValues()[i] <= r.singularValues()[i - 1]);
      }
      for (int j = 0; j < k; j++) {
        double dot = 0;
        double[] vi = r.vector(i);
        double[] vj = r.vector(j);
        for (int c = 0; c < vi.length; c++) {
          dot += vi[c] * vj[c];
        }
        assertEquals(i == j ? 1.0 : 0.0, dot, 1e-10);
      }
      double norm = 0;
      for (double p : r.projection(i)) {
        norm += p * p;
      }
      assertEquals(r.singularValues()[i], Math.sqrt(norm), 1e-10, "|X v_i| = s_i");
    }
    // X = P V^T with all components
    for (int row = 0; row < m; row++) {
      for (int col = 0; col < k; col++) {
        double acc = 0;
        for (int i = 0; i < k; i++) {
          acc += r.projections().get(row, i) * r.v().get(col, i);
        }
        assertEquals(x.get(row, col), acc, 1e-10);
      }
    }
    double energy = 0;
    for (int i = 0; i < k; i++) {
      energy += r.energy(i);
    }
    assertEquals(1.0, energy, 1e-10);
  }

  @ParameterizedTest
  @MethodSource("decomposers")
  void asksForMoreThanExistGetsWhatExists(Decomposer d) {
    DMatrixRMaj x = new DMatrixRMaj(new double[][] {{1, 2, 3}, {-1, -2, -3}});
    Decomposition r = d.decompose(x, 10);
    assertEquals(2, r.components());
    assertEquals(Math.sqrt(28), r.singularValues()[0], 1e-10);
    assertEquals(0.0, r.singularValues()[1], 1e-10);
    assertEquals(0, d.decompose(x, 0).components());
  }
}
