package dev.decomcam.processor.decom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class ComponentWeightsTest {

  @Test
  void maxNormalisesPositiveScoresAndZeroesTheRest() {
    double[] s = {2, 1, -1, 0.0015, 0.003, 4};
    double[] copy = s.clone();
    // 0.0015/4 = 0.000375 is below the threshold, 0.003/4 = 0.00075 too, 2/4 = 0.5 stays
    assertArrayEquals(
        new double[] {0.5, 0.25, 0, 0, 0, 1}, ComponentWeights.maxNormalised(s, 0.001), 1e-12);
    assertArrayEquals(copy, s);
    assertArrayEquals(
        new double[] {0.5, 0.25, 0, 0.000375, 0.00075, 1},
        ComponentWeights.maxNormalised(s, 0),
        1e-12);
  }

  @Test
  void noPositiveScoreMeansNoWeight() {
    assertArrayEquals(
        new double[] {0, 0, 0}, ComponentWeights.maxNormalised(new double[] {-1, 0, -3}, 0.001));
    assertArrayEquals(
        new double[] {0, 1}, ComponentWeights.maxNormalised(new double[] {Double.NaN, 2}, 0.001));
    assertArrayEquals(new double[0], ComponentWeights.maxNormalised(new double[0], 0.001));
  }
}
