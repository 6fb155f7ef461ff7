package dev.decomcam.processor.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class BilinearResamplerTest {

  /**
   * Geometries {inW, inH, outW, outH, x0, y0, cropW, cropH}: same size, upscales (2 taps), the
   * 320x240 to 341x256 centre crop of a frame decoded at 1/2, downscales by up to 1.5 (3 taps), up
   * to 2 (4 taps, the 640x480 centre crop), up to 2.5 (5 columns, the demo model's 320x240 to
   * 128x128) and by more, odd sizes and crops at odd offsets.
   */
  private static final int[][] GEOMETRIES = {
    {45, 33, 45, 33, 0, 0, 45, 33},
    {37, 23, 61, 41, 3, 5, 51, 33},
    {320, 240, 341, 256, 58, 16, 224, 224},
    {101, 77, 78, 59, 1, 2, 75, 55},
    {131, 97, 101, 73, 0, 0, 101, 73},
    {640, 480, 341, 256, 58, 16, 224, 224},
    {199, 151, 107, 83, 7, 3, 99, 79},
    {333, 251, 128, 128, 0, 0, 128, 128},
    {320, 240, 128, 128, 0, 0, 128, 128},
    {51, 200, 77, 61, 0, 0, 77, 61},
    {17, 301, 5, 224, 0, 0, 5, 224},
    {3, 2, 7, 5, 1, 1, 5, 3}
  };

  private static float[][] lut() {
    float[][] lut = new float[3][256];
    for (int c = 0; c < 3; c++) {
      for (int v = 0; v < 256; v++) {
        lut[c][v] = v * (c + 1.25f) - 17 * c; // a different value per channel and level
      }
    }
    return lut;
  }

  /** Random 3-byte pixels inside a larger buffer, with row padding and the bands in any order. */
  private static PackedRgb random3(Random rnd, int w, int h, int[] bandOrder) {
    int offset = 5 + rnd.nextInt(7);
    int stride = 3 * w + rnd.nextInt(4);
    byte[] data = new byte[offset + h * stride + 3];
    rnd.nextBytes(data);
    return new PackedRgb(data, offset, w, h, 3, stride, bandOrder[0], bandOrder[1], bandOrder[2]);
  }

  @Test
  void unrolledKernelsEqualTheGenericOneAndTheFormerResampler() {
    Random rnd = new Random(7);
    float[][] lut = lut();
    BilinearResampler.Scratch scratch = new BilinearResampler.Scratch();
    int[][] orders = {{0, 1, 2}, {2, 1, 0}, {1, 2, 0}};
    Set<Integer> colTaps = new TreeSet<>();
    Set<Integer> rowTaps = new TreeSet<>();
    for (int round = 0; round < 2; round++) { // the second round reuses grown buffers
      for (int[] g : GEOMETRIES) {
        BilinearResampler.Plan plan =
            BilinearResampler.plan(g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7]);
        BaselineOnePassResampler.Plan before =
            BaselineOnePassResampler.plan(g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7]);
        colTaps.add(plan.colTaps());
        rowTaps.add(plan.rowTaps());
        // the triangle filter's sums stay within 0..255: the fast kernels may leave out clipping
        assertTrue(plan.inRange(), "in range: " + g[0] + "x" + g[1] + " -> " + g[2] + "x" + g[3]);
        for (int[] order : orders) {
          PackedRgb px = random3(rnd, g[0], g[1], order);
          if (order[0] == 1) { // white, the largest sums (and black in its row padding)
            Arrays.fill(px.data(), (byte) 0);
            for (int y = 0; y < g[1]; y++) {
              int row = px.offset() + y * px.scanlineStride();
              Arrays.fill(px.data(), row, row + 3 * g[0], (byte) 255);
            }
          }
          int[] bands = {px.red(), px.green(), px.blue()};
          int n = 3 * g[6] * g[7];
          float[] fast = new float[n];
          float[] generic = new float[n];
          float[] former = new float[n];
          BilinearResampler.resample(px, plan, bands, lut, fast, scratch, true);
          BilinearResampler.resample(
              px, plan, bands, lut, generic, new BilinearResampler.Scratch(), false);
          BaselineOnePassResampler.resample(px, before, bands, lut, former);
          String what =
              g[0]
                  + "x"
                  + g[1]
                  + " -> "
                  + g[2]
                  + "x"
                  + g[3]
                  + " taps "
                  + plan.colTaps()
                  + "/"
                  + plan.rowTaps();
          assertArrayEquals(former, generic, "generic kernels, " + what);
          assertArrayEquals(former, fast, "unrolled kernels, " + what);
        }
      }
    }
    // every kernel written out (horizontal 1 to 5 taps, vertical 1 to 4), and the loops for more
    assertTrue(colTaps.containsAll(Set.of(1, 2, 3, 4, 5)), "column taps covered: " + colTaps);
    assertTrue(colTaps.stream().anyMatch(t -> t > 5), "column taps covered: " + colTaps);
    assertTrue(rowTaps.containsAll(Set.of(1, 2, 3, 4)), "row taps covered: " + rowTaps);
    assertTrue(rowTaps.stream().anyMatch(t -> t > 4), "row taps covered: " + rowTaps);
  }

  @Test
  void otherPixelLayoutsTakeTheGenericKernelsWithTheSameValues() {
    Random rnd = new Random(3);
    float[][] lut = lut();
    for (int[] g : GEOMETRIES) {
      int w = g[0];
      int h = g[1];
      // 4-byte pixels (alpha first) and the same pixels packed in 3 bytes
      byte[] four = new byte[4 * w * h];
      rnd.nextBytes(four);
      byte[] three = new byte[3 * w * h];
      for (int i = 0; i < w * h; i++) {
        System.arraycopy(four, 4 * i + 1, three, 3 * i, 3);
      }
      PackedRgb argb = new PackedRgb(four, 0, w, h, 4, 4 * w, 1, 2, 3);
      PackedRgb rgb = new PackedRgb(three, 0, w, h, 3, 3 * w, 0, 1, 2);
      BilinearResampler.Plan plan =
          BilinearResampler.plan(g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7]);
      float[] a = new float[3 * g[6] * g[7]];
      float[] b = new float[a.length];
      BilinearResampler.resample(
          argb, plan, new int[] {1, 2, 3}, lut, a, new BilinearResampler.Scratch());
      BilinearResampler.resample(
          rgb, plan, new int[] {0, 1, 2}, lut, b, new BilinearResampler.Scratch());
      assertArrayEquals(b, a, w + "x" + h);
    }
  }

  @Test
  void theFrameCropsOfAnImagenetModelRunTheKernelsWrittenOut() {
    // 640x480 decoded whole: a downscale by 1.88 in both directions
    BilinearResampler.Plan whole = BilinearResampler.plan(640, 480, 341, 256, 58, 16, 224, 224);
    assertEquals(4, whole.colTaps());
    assertEquals(4, whole.rowTaps());
    // decoded at 1/2, 320x240: an upscale, 2 taps once windows lose their zero-weight ends
    BilinearResampler.Plan half = BilinearResampler.plan(320, 240, 341, 256, 58, 16, 224, 224);
    assertEquals(2, half.colTaps());
    assertEquals(2, half.rowTaps());
  }

  @Test
  void refusesAnImageOfAnotherSizeOrTooSmallAnOutput() {
    BilinearResampler.Plan plan = BilinearResampler.plan(40, 30, 20, 15, 0, 0, 20, 15);
    PackedRgb px = random3(new Random(1), 41, 30, new int[] {0, 1, 2});
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                BilinearResampler.resample(
                    px,
                    plan,
                    new int[] {0, 1, 2},
                    lut(),
                    new float[3 * 20 * 15],
                    new BilinearResampler.Scratch()));
    assertTrue(e.getMessage().contains("make a plan for this size"), e.getMessage());
    PackedRgb ok = random3(new Random(1), 40, 30, new int[] {0, 1, 2});
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                BilinearResampler.resample(
                    ok,
                    plan,
                    new int[] {0, 1, 2},
                    lut(),
                    new float[3 * 20 * 15 - 1],
                    new BilinearResampler.Scratch()));
    assertTrue(e.getMessage().contains("give an array of at least"), e.getMessage());
  }
}
