package dev.decomcam.processor.decom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class PrincipalMapsTest {

  @Test
  void topKIsDescendingWithLowerIndexFirstOnTies() {
    double[] w = {1, 3, 3, -2, 2, 3};
    assertArrayEquals(new int[] {1, 2, 5, 4}, PrincipalMaps.topK(w, 4));
    assertArrayEquals(new int[] {1, 2, 5, 4, 0, 3}, PrincipalMaps.topK(w, 100));
  }

  @Test
  void topKOrdersNanAboveInfinityAndPositiveZeroAboveNegativeZero() {
    double[] w = {
      -0.0, Double.NaN, 0.0, Double.POSITIVE_INFINITY, Double.NaN, -1, Double.NEGATIVE_INFINITY
    };
    assertArrayEquals(new int[] {1, 4, 3, 2, 0, 5, 6}, PrincipalMaps.topK(w, 7));
    assertArrayEquals(new int[0], PrincipalMaps.topK(w, 0));
    assertArrayEquals(new int[0], PrincipalMaps.topK(new double[0], 5));
  }

  @Test
  void topKMatchesAStableBoxedSortOnRandomWeightsWithTiesAndNan() {
    Random rnd = new Random(17);
    double[] pool = {
      Double.NaN,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      0.0,
      -0.0,
      1.5,
      -1.5,
      Double.MIN_VALUE,
      -Double.MIN_VALUE,
      Double.MAX_VALUE
    };
    for (int trial = 0; trial < 500; trial++) {
      int n = rnd.nextInt(1400);
      double[] w = new double[n];
      int mode = trial % 3;
      for (int i = 0; i < n; i++) {
        double r = rnd.nextDouble();
        w[i] =
            mode == 0
                ? rnd.nextGaussian()
                : mode == 1
                    ? rnd.nextInt(7) - 3 // many ties
                    : r < 0.3 ? pool[rnd.nextInt(pool.length)] : rnd.nextGaussian() * 1e-3;
      }
      int k = rnd.nextInt(n + 20);
      assertArrayEquals(
          boxedTopK(w, k), PrincipalMaps.topK(w, k), "trial " + trial + " n=" + n + " k=" + k);
    }
  }

  /** The earlier implementation, kept as the oracle: a stable sort of boxed indices. */
  private static int[] boxedTopK(double[] weights, int k) {
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

  @Test
  void centredMatrixIsWeightedPositionsByChannels() {
    // 2 channels of 1x3: A0 = [1, 2, 6], A1 = [0, 0, 3]; weights 2 and -1; select [1, 0]
    FeatureMaps f = new FeatureMaps(2, 1, 3, new float[] {1, 2, 6, 0, 0, 3}, new float[6]);
    DMatrixRMaj x = PrincipalMaps.centred(f, new double[] {2, -1}, new int[] {1, 0});
    assertEquals(3, x.numRows);
    assertEquals(2, x.numCols);
    // column 0: -1 * [0,0,3] = [0,0,-3], mean -1 -> [1,1,-2]; column 1: 2*[1,2,6] = [2,4,12], mean
    // 6 -> [-4,-2,6]
    assertArrayEquals(new double[] {1, -4, 1, -2, -2, 6}, x.data, 1e-12);
  }

  @Test
  void signMakesLargestMagnitudeEntryPositiveAndFlipsVectorWithIt() {
    DMatrixRMaj v = new DMatrixRMaj(new double[][] {{0.6, 1}, {0.8, 0}});
    DMatrixRMaj p = new DMatrixRMaj(new double[][] {{1, 2}, {-3, -1}, {2, 0}});
    Decomposition d = new Decomposition(v, new double[] {3, 2}, p, 13);
    PrincipalMaps.fixSigns(d);
    assertArrayEquals(new double[] {-1, 3, -2}, d.projection(0), 0);
    assertArrayEquals(new double[] {-0.6, -0.8}, d.vector(0), 0);
    assertArrayEquals(new double[] {2, -1, 0}, d.projection(1), 0);
    assertArrayEquals(new double[] {1, 0}, d.vector(1), 0);
  }
}
