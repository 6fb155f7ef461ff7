package dev.decomcam.processor.decom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BicubicTest {

  @Test
  void constantStaysConstant() {
    float[] src = new float[7 * 5];
    java.util.Arrays.fill(src, 2.5f);
    for (float v : Bicubic.resize(src, 7, 5, 224, 160)) {
      assertEquals(2.5f, v, 1e-5f);
    }
  }

  /**
   * 2x2 -> 4x4, derived by hand: scale 1/2 puts output centres at source positions -0.25, 0.25,
   * 0.75, 1.25. With a = -0.75 the 1-D weights on [p, q] (border-clamped) are d0: (283 p - 27
   * q)/256, d1: (198 p + 58 q)/256, d2: (58 p + 198 q)/256, d3: (-27 p + 283 q)/256. [[1,2],[3,4]]
   * is 1 + x + 2y, so out[i][j] = 1 + X[j] + 2 X[i] with X = interp of [0, 1]. (out[0][0] =
   * 0.68359375 is also what torch.nn.functional.interpolate gives.)
   */
  @Test
  void twoByTwoToFourByFourMatchesHandDerivation() {
    float[] out = Bicubic.resize(new float[] {1, 2, 3, 4}, 2, 2, 4, 4);
    double[] x = {-27 / 256.0, 58 / 256.0, 198 / 256.0, 283 / 256.0};
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        assertEquals(1 + x[j] + 2 * x[i], out[i * 4 + j], 1e-6, "(" + i + "," + j + ")");
      }
    }
    assertEquals(0.68359375f, out[0], 1e-6f);
  }

  /**
   * A ramp f(k) = 3k + 1 upsampled x2: outputs sit at fractional offsets t = 0.75 (even d) and t =
   * 0.25 (odd d) past floor(d/2 - 0.25). With a = -0.75 the tap weights at t = 0.25 are (-27, 225,
   * 67, -9)/256, so the interpolated offset is (27 + 67 - 18)/256 = 0.296875, not 0.25 (Keys'
   * kernel reproduces lines only for a = -0.5); by symmetry t = 0.75 gives 0.703125.
   */
  @Test
  void linearRampInteriorMatchesHandDerivation() {
    int w = 10;
    float[] src = new float[w];
    for (int x = 0; x < w; x++) {
      src[x] = 3 * x + 1;
    }
    float[] out = Bicubic.resize(src, 1, w, 1, 2 * w);
    for (int d = 4; d < 2 * w - 4; d++) {
      int floor = (d % 2 == 0) ? d / 2 - 1 : (d - 1) / 2;
      double offset = (d % 2 == 0) ? 0.703125 : 0.296875;
      assertEquals(3 * (floor + offset) + 1, out[d], 1e-5, "d=" + d);
    }
  }

  @Test
  void sameSizeIsIdentity() {
    float[] src = random(new Random(1), 6 * 9);
    assertArrayEquals(src, Bicubic.resize(src, 6, 9, 6, 9), 1e-6f);
  }

  /**
   * Against a direct 2-D evaluation of Keys' kernel in |x| form, in double (independent of the
   * table code).
   */
  @Test
  void matchesDirectTwoDimensionalReference() {
    Random r = new Random(7);
    int[][] sizes = {{7, 7, 224, 224}, {3, 5, 10, 11}, {4, 4, 3, 2}, {1, 6, 5, 13}};
    for (int[] s : sizes) {
      float[] src = random(r, s[0] * s[1]);
      float[] out = Bicubic.resize(src, s[0], s[1], s[2], s[3]);
      for (int oy = 0; oy < s[2]; oy += Math.max(1, s[2] / 17)) {
        for (int ox = 0; ox < s[3]; ox += Math.max(1, s[3] / 13)) {
          assertEquals(
              reference(src, s[0], s[1], s[2], s[3], oy, ox),
              out[oy * s[3] + ox],
              2e-5,
              java.util.Arrays.toString(s) + " at " + oy + "," + ox);
        }
      }
    }
  }

  @Test
  void doesNotModifyInputAndRejectsBadSizes() {
    float[] src = random(new Random(3), 12);
    float[] copy = src.clone();
    Bicubic.resize(src, 3, 4, 30, 40);
    assertArrayEquals(copy, src);
    assertThrows(IllegalArgumentException.class, () -> Bicubic.resize(src, 3, 3, 9, 9));
    assertThrows(IllegalArgumentException.class, () -> Bicubic.resize(src, 3, 4, 0, 9));
  }

  static double reference(float[] src, int h, int w, int outH, int outW, int oy, int ox) {
    double sy = (oy + 0.5) * h / outH - 0.5;
    double sx = (ox + 0.5) * w / outW - 0.5;
    int fy = (int) Math.floor(sy);
    int fx = (int) Math.floor(sx);
    double acc = 0;
    for (int j = fy - 1; j <= fy + 2; j++) {
      for (int i = fx - 1; i <= fx + 2; i++) {
        int cy = Math.min(Math.max(j, 0), h - 1);
        int cx = Math.min(Math.max(i, 0), w - 1);
        acc += keys(sy - j) * keys(sx - i) * src[cy * w + cx];
      }
    }
    return acc;
  }

  static double keys(double x) {
    double a = -0.75;
    double t = Math.abs(x);
    if (t <= 1) {
      return (a + 2) * t * t * t - (a + 3) * t * t + 1;
    }
    if (t < 2) {
      return a * t * t * t - 5 * a * t * t + 8 * a * t - 4 * a;
    }
    return 0;
  }

  static float[] random(Random r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) r.nextGaussian();
    }
    return a;
  }
}
