package dev.decomcam.processor.decom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class MinMaxTest {

  @Test
  void scalesToUnitRangeAndZeroesConstantMaps() {
    float[] a = {2, 4, 3};
    assertArrayEquals(new float[] {0, 1, 0.5f}, MinMax.normalized(a));
    assertArrayEquals(new float[] {2, 4, 3}, a);
    assertArrayEquals(new float[] {0, 0}, MinMax.normalized(new float[] {5, 5}));
    assertArrayEquals(new float[] {0, 0}, MinMax.normalized(new float[] {Float.NaN, 1}));
    assertArrayEquals(new float[] {0, 0, 2}, MinMax.reluInPlace(new float[] {-1, Float.NaN, 2}));
  }
}
