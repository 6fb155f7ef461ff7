package dev.decomcam.processor.decom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GaussianBlurTest {

  @Test
  void kernelHasScipyRadiusAndGaussianShape() {
    GaussianBlur b = new GaussianBlur(10);
    assertEquals(40, b.radius());
    assertEquals(4, new GaussianBlur(1).radius());
    assertEquals(6, new GaussianBlur(1.5).radius());
    float[] k = b.kernel();
    assertEquals(81, k.length);
    double sum = 0;
    for (float v : k) {
      sum += v;
    }
    assertEquals(1.0, sum, 1e-5);
    // ratio of neighbours follows exp(-x^2 / 2 sigma^2)
    assertEquals(Math.exp(-0.5 * 100 / 100.0), k[40 + 10] / k[40], 1e-5);
    assertEquals(k[40 - 7], k[40 + 7]);
  }

  @Test
  void constantStaysConstantIncludingBorders() {
    float[] d = new float[3 * 20 * 30];
    for (int c = 0; c < 3; c++) {
      java.util.Arrays.fill(d, c * 600, (c + 1) * 600, c - 1.5f);
    }
    float[] out = new GaussianBlur(10).apply(new ModelInput(3, 20, 30, d)).data();
    for (int i = 0; i < out.length; i++) {
      assertEquals(d[i], out[i], 1e-5f);
    }
  }

  @Test
  void deltaAwayFromBordersGivesTheOuterProductOfTheKernel() {
    int n = 41;
    float[] d = new float[n * n];
    d[20 * n + 20] = 1f;
    GaussianBlur b = new GaussianBlur(2);
    float[] k = b.kernel();
    int r = b.radius();
    float[] out = b.apply(new ModelInput(1, n, n, d)).data();
    for (int y = 0; y < n; y++) {
      for (int x = 0; x < n; x++) {
        int dy = y - 20;
        int dx = x - 20;
        double expected =
            Math.abs(dy) <= r && Math.abs(dx) <= r ? (double) k[dy + r] * k[dx + r] : 0;
        assertEquals(expected, out[y * n + x], 1e-7);
      }
    }
  }

  @Test
  void reflectIndexRepeatsTheEdgeSample() {
    // d c b a | a b c d e | e d c b a | a b ...
    assertEquals(0, GaussianBlur.reflect(-1, 5));
    assertEquals(3, GaussianBlur.reflect(-4, 5));
    assertEquals(4, GaussianBlur.reflect(5, 5));
    assertEquals(3, GaussianBlur.reflect(6, 5));
    assertEquals(0, GaussianBlur.reflect(9, 5));
    assertEquals(0, GaussianBlur.reflect(10, 5));
    assertEquals(4, GaussianBlur.reflect(-6, 5));
    assertEquals(0, GaussianBlur.reflect(-3, 1));
  }

  /**
   * One row, radius larger than the image: compare with convolution over an explicitly mirrored
   * signal.
   */
  @Test
  void borderMatchesConvolutionOfMirroredSignal() {
    float[] row = {1, 4, -2, 7, 3};
    GaussianBlur b = new GaussianBlur(1.5); // radius 6 > width 5, so the mirror repeats
    float[] k = b.kernel();
    int r = b.radius();
    // build ... e d c b a | a b c d e | e d c b a ... by tiling [row, reversed row]
    float[] period = {1, 4, -2, 7, 3, 3, 7, -2, 4, 1};
    float[] out = b.apply(new ModelInput(1, 1, 5, row)).data();
    for (int x = 0; x < 5; x++) {
      double acc = 0;
      for (int j = -r; j <= r; j++) {
        int pos = Math.floorMod(x + j, 10);
        acc += k[j + r] * period[pos];
      }
      // the 1-pixel-high image is also blurred vertically: mirroring a single row leaves it
      // unchanged
      assertEquals(acc, out[x], 1e-5, "x=" + x);
    }
  }

  @Test
  void doesNotModifyInputAndRejectsBadSigma() {
    Random r = new Random(5);
    float[] d = BicubicTest.random(r, 2 * 9 * 8);
    float[] copy = d.clone();
    new GaussianBlur(3).apply(new ModelInput(2, 9, 8, d));
    assertArrayEquals(copy, d);
    assertThrows(IllegalArgumentException.class, () -> new GaussianBlur(0));
    assertThrows(IllegalArgumentException.class, () -> new GaussianBlur(Double.NaN));
  }
}
