package dev.decomcam.processor.decom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
  void centredMatrixIsWeightedPositionsByChannels() {
    // 2 channels of 1x3: A0 = [1, 2, 6], A1 = [0, 0, 3]; weights 2 and -1; select [1, 0]
    FeatureMaps f = new FeatureMaps(2, 1, 3, new float[] {1, 2, 6, 0, 0, 3}, new float[6]);
    DMatrixRMaj x = PrincipalMaps.centred(f, new double[] {2, -1}, new int[] {1, 0});
    assertEquals(3, x.numRows);
    assertEquals(2, x.numCols);
    // column 0: -1 * [0,0,3] = [0,0,-3], mean -1 -> [1,1,-2]; column 1: 2*[1,2,6] = [2,4,12], mean 6 -> [-4,-2,6]
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
