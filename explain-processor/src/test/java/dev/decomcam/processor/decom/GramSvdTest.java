package dev.decomcam.processor.decom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link GramSvd} against the dense SVD on Decom-CAM's shapes, full rank and rank-deficient. */
class GramSvdTest {

  @ParameterizedTest
  @CsvSource({"49, 100, 15, 49", "256, 100, 15, 100", "49, 100, 15, 6", "256, 100, 10, 4"})
  void agreesWithTheDenseSvd(int rows, int cols, int n, int rank) {
    DMatrixRMaj x = lowRank(rows, cols, rank, new Random(rows * 31L + rank));
    Decomposition dense = new FullSvd().decompose(x, n);
    Decomposition gram = new GramSvd().decompose(x, n);
    double s0 = dense.singularValues()[0];
    assertEquals(dense.totalVariance(), gram.totalVariance(), 1e-9 * dense.totalVariance());
    for (int i = 0; i < n; i++) {
      double sd = dense.singularValues()[i];
      double sg = gram.singularValues()[i];
      if (i < rank) {
        assertEquals(sd, sg, 1e-9 * s0, "s_" + i);
        // same direction up to sign: |cos| of the projections is 1 (distinct singular values here)
        assertEquals(
            1.0, Math.abs(cosine(dense.projection(i), gram.projection(i))), 1e-8, "u_" + i);
        assertEquals(1.0, Math.abs(cosine(dense.vector(i), gram.vector(i))), 1e-8, "v_" + i);
      } else {
        // beyond the rank: nothing, not noise amplified by 1/s
        assertEquals(0.0, sg, 1e-6 * s0, "s_" + i);
        for (double v : gram.vector(i)) {
          assertEquals(0.0, v, 1e-6);
        }
      }
    }
  }

  /** A rows×cols matrix of the given rank with well-separated singular values 2^-i. */
  private static DMatrixRMaj lowRank(int rows, int cols, int rank, Random rnd) {
    DMatrixRMaj x = new DMatrixRMaj(rows, cols);
    for (int r = 0; r < rank; r++) {
      double[] a = unit(rows, rnd);
      double[] b = unit(cols, rnd);
      double s = Math.pow(2, -0.5 * r);
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          x.data[i * cols + j] += s * a[i] * b[j];
        }
      }
    }
    return x;
  }

  private static double[] unit(int n, Random rnd) {
    double[] v = new double[n];
    double norm = 0;
    for (int i = 0; i < n; i++) {
      v[i] = rnd.nextGaussian();
      norm += v[i] * v[i];
    }
    for (int i = 0; i < n; i++) {
      v[i] /= Math.sqrt(norm);
    }
    return v;
  }

  private static double cosine(double[] a, double[] b) {
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (int i = 0; i < a.length; i++) {
      ab += a[i] * b[i];
      aa += a[i] * a[i];
      bb += b[i] * b[i];
    }
    return ab / Math.sqrt(aa * bb);
  }
}
