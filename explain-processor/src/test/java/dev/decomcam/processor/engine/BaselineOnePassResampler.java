package dev.decomcam.processor.engine;

import java.util.Arrays;

/**
 * Test-only copy of the one-pass resampler as it was before its 2- and 3-tap kernels, trimmed
 * windows and reused buffers: the baseline of {@code BilinearResamplerTest} and {@code
 * FramePrepBench}.
 *
 * <p>Antialiased bilinear resampling of 8-bit images, the same arithmetic as Pillow's {@code
 * Image.resize(size, BILINEAR)} (triangle filter widened by the scale when shrinking, 22-bit
 * fixed-point weights, horizontal pass then vertical, rounding to 8 bits after each). torchvision's
 * "Resize(256) + CenterCrop(224)" on PIL images is this, so crops made here match references made
 * in Python bit for bit when the decoded pixels agree.
 *
 * <p>It reads packed 8-bit pixels ({@link PackedRgb}) and writes the model's float CHW input in one
 * go: the horizontal pass filters the three channels of each needed input row together, the
 * vertical pass turns each 8-bit result into its normalised value by table lookup. The coefficients
 * depend only on the geometry, so they are computed once per frame size ({@link Plan}).
 */
final class BaselineOnePassResampler {

  private static final int PRECISION_BITS = 32 - 8 - 2;

  private BaselineOnePassResampler() {}

  /** Per-output-pixel input window start, length and fixed-point weights ({@code ksize} each). */
  private record Coeffs(int[] start, int[] length, int[] weights, int ksize) {}

  /**
   * What resampling {@code inW x inH} to {@code outW x outH} and keeping the window {@code [x0,
   * x0+cropW) x [y0, y0+cropH)} needs, computed once per geometry: the window's columns and rows
   * with their input spans and weights, and the band of input rows the vertical pass reads.
   */
  record Plan(
      int inW,
      int inH,
      int cropW,
      int cropH,
      int[] colStart,
      int[] colWeights,
      int colTaps,
      int[] rowStart,
      int[] rowLength,
      int[] rowWeights,
      int rowTaps,
      int firstRow,
      int rowCount) {}

  /** The {@link Plan} for this geometry. */
  static Plan plan(int inW, int inH, int outW, int outH, int x0, int y0, int cropW, int cropH) {
    if (x0 < 0 || y0 < 0 || x0 + cropW > outW || y0 + cropH > outH || cropW <= 0 || cropH <= 0) {
      throw new IllegalArgumentException(
          "window "
              + cropW
              + "x"
              + cropH
              + " at ("
              + x0
              + ", "
              + y0
              + ") is not inside the resized "
              + outW
              + "x"
              + outH
              + ": keep the crop within the resized image");
    }
    Coeffs cx = padded(window(coeffs(inW, outW), x0, cropW), inW);
    Coeffs cy = window(coeffs(inH, outH), y0, cropH);
    int first = Integer.MAX_VALUE;
    int end = 0;
    for (int yy = 0; yy < cropH; yy++) {
      if (cy.length[yy] > 0) {
        first = Math.min(first, cy.start[yy]);
        end = Math.max(end, cy.start[yy] + cy.length[yy]);
      }
    }
    first = Math.min(first, end);
    int[] rowStart = cy.start.clone();
    for (int yy = 0; yy < cropH; yy++) {
      rowStart[yy] -= first; // relative to the first input row the horizontal pass keeps
    }
    return new Plan(
        inW,
        inH,
        cropW,
        cropH,
        cx.start,
        cx.weights,
        cx.ksize,
        rowStart,
        cy.length,
        cy.weights,
        cy.ksize,
        first,
        end - first);
  }

  /** The coefficients of the outputs {@code [from, from+count)} only. */
  private static Coeffs window(Coeffs c, int from, int count) {
    int[] weights = new int[count * c.ksize];
    System.arraycopy(c.weights, from * c.ksize, weights, 0, weights.length);
    return new Coeffs(
        Arrays.copyOfRange(c.start, from, from + count),
        Arrays.copyOfRange(c.length, from, from + count),
        weights,
        c.ksize);
  }

  /**
   * {@code c} with every window widened to the longest one (zero weights added, the start moved
   * left where the window would pass the last input), so that the horizontal pass, the hot loop,
   * runs a fixed number of taps. The integer sums, and so the results, are the same.
   */
  private static Coeffs padded(Coeffs c, int inSize) {
    int taps = 1;
    for (int len : c.length) {
      taps = Math.max(taps, len);
    }
    int n = c.start.length;
    int[] start = new int[n];
    int[] length = new int[n];
    int[] weights = new int[n * taps];
    for (int o = 0; o < n; o++) {
      start[o] = Math.max(0, Math.min(c.start[o], inSize - taps));
      length[o] = taps;
      int shift = c.start[o] - start[o];
      System.arraycopy(c.weights, o * c.ksize, weights, o * taps + shift, c.length[o]);
    }
    return new Coeffs(start, length, weights, taps);
  }

  /**
   * Resamples {@code src} per {@code plan} straight into {@code out} (CHW, {@code 3*cropW*cropH}
   * values): output channel {@code c} reads band {@code bands[c]} of {@code src} and maps each
   * resampled 8-bit value {@code v} to {@code lut[c][v]}. The 8-bit values before the table are
   * Pillow's (see the class comment); the horizontal pass runs only over the input rows the window
   * needs, for all three channels at once.
   */
  static void resample(PackedRgb src, Plan plan, int[] bands, float[][] lut, float[] out) {
    if (src.width() != plan.inW || src.height() != plan.inH) {
      throw new IllegalArgumentException(
          "image is "
              + src.width()
              + "x"
              + src.height()
              + " but the resampling plan is for "
              + plan.inW
              + "x"
              + plan.inH
              + ": make a plan for this size");
    }
    int cropW = plan.cropW;
    int cropH = plan.cropH;
    int rows = plan.rowCount;
    int[] t0 = new int[rows * cropW];
    int[] t1 = new int[rows * cropW];
    int[] t2 = new int[rows * cropW];
    horizontal(src, plan, bands, t0, t1, t2);
    int n = cropW * cropH;
    int[] acc = new int[cropW];
    int[][] tmp = {t0, t1, t2};
    for (int yy = 0; yy < cropH; yy++) {
      int s = plan.rowStart[yy];
      int len = plan.rowLength[yy];
      int k = yy * plan.rowTaps;
      for (int c = 0; c < 3; c++) {
        int[] t = tmp[c];
        Arrays.fill(acc, 1 << (PRECISION_BITS - 1));
        for (int i = 0; i < len; i++) {
          int w = plan.rowWeights[k + i];
          int row = (s + i) * cropW;
          for (int xx = 0; xx < cropW; xx++) {
            acc[xx] += t[row + xx] * w;
          }
        }
        float[] table = lut[c];
        int o = c * n + yy * cropW;
        for (int xx = 0; xx < cropW; xx++) {
          out[o + xx] = table[clip8(acc[xx])];
        }
      }
    }
  }

  /**
   * The horizontal pass over the plan's input rows: the window's columns, channel {@code c} (band
   * {@code bands[c]}) into {@code tc}, one row of {@code cropW} after another.
   */
  private static void horizontal(
      PackedRgb src, Plan plan, int[] bands, int[] t0, int[] t1, int[] t2) {
    byte[] d = src.data();
    int ps = src.pixelStride();
    int b0 = bands[0];
    int b1 = bands[1];
    int b2 = bands[2];
    int cropW = plan.cropW;
    int taps = plan.colTaps;
    int[] start = plan.colStart;
    int[] weights = plan.colWeights;
    int round = 1 << (PRECISION_BITS - 1);
    for (int y = 0; y < plan.rowCount; y++) {
      int row = src.offset() + (plan.firstRow + y) * src.scanlineStride();
      int to = y * cropW;
      if (taps == 4) { // a 1.5x to 2x downscale, e.g. a 640x480 frame for a 224 crop: unrolled
        for (int xx = 0, k = 0; xx < cropW; xx++, k += 4) {
          int at = row + start[xx] * ps;
          int w0 = weights[k];
          int w1 = weights[k + 1];
          int w2 = weights[k + 2];
          int w3 = weights[k + 3];
          int p1 = at + ps;
          int p2 = p1 + ps;
          int p3 = p2 + ps;
          t0[to + xx] =
              clip8(
                  round
                      + (d[at + b0] & 0xff) * w0
                      + (d[p1 + b0] & 0xff) * w1
                      + (d[p2 + b0] & 0xff) * w2
                      + (d[p3 + b0] & 0xff) * w3);
          t1[to + xx] =
              clip8(
                  round
                      + (d[at + b1] & 0xff) * w0
                      + (d[p1 + b1] & 0xff) * w1
                      + (d[p2 + b1] & 0xff) * w2
                      + (d[p3 + b1] & 0xff) * w3);
          t2[to + xx] =
              clip8(
                  round
                      + (d[at + b2] & 0xff) * w0
                      + (d[p1 + b2] & 0xff) * w1
                      + (d[p2 + b2] & 0xff) * w2
                      + (d[p3 + b2] & 0xff) * w3);
        }
        continue;
      }
      for (int xx = 0; xx < cropW; xx++) {
        int at = row + start[xx] * ps;
        int k = xx * taps;
        int a0 = round;
        int a1 = round;
        int a2 = round;
        for (int i = 0; i < taps; i++, at += ps) {
          int w = weights[k + i];
          a0 += (d[at + b0] & 0xff) * w;
          a1 += (d[at + b1] & 0xff) * w;
          a2 += (d[at + b2] & 0xff) * w;
        }
        t0[to + xx] = clip8(a0);
        t1[to + xx] = clip8(a1);
        t2[to + xx] = clip8(a2);
      }
    }
  }

  /** Pillow's precompute_coeffs + normalize_coeffs_8bpc for the bilinear (triangle) filter. */
  private static Coeffs coeffs(int inSize, int outSize) {
    double scale = (double) inSize / outSize;
    double filterScale = Math.max(scale, 1.0);
    double support = 1.0 * filterScale;
    int ksize = (int) Math.ceil(support) * 2 + 1;
    int[] start = new int[outSize];
    int[] length = new int[outSize];
    int[] weights = new int[outSize * ksize];
    double[] k = new double[ksize];
    for (int xx = 0; xx < outSize; xx++) {
      double center = (xx + 0.5) * scale;
      double ss = 1.0 / filterScale;
      int xmin = Math.max((int) (center - support + 0.5), 0);
      int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
      double ww = 0;
      for (int x = 0; x < xmax; x++) {
        double w = triangle((x + xmin - center + 0.5) * ss);
        k[x] = w;
        ww += w;
      }
      for (int x = 0; x < xmax; x++) {
        double w = ww != 0 ? k[x] / ww : k[x];
        weights[xx * ksize + x] =
            (int) (w < 0 ? -0.5 + w * (1 << PRECISION_BITS) : 0.5 + w * (1 << PRECISION_BITS));
      }
      start[xx] = xmin;
      length[xx] = xmax;
    }
    return new Coeffs(start, length, weights, ksize);
  }

  private static double triangle(double x) {
    x = Math.abs(x);
    return x < 1.0 ? 1.0 - x : 0.0;
  }

  private static int clip8(int acc) {
    return Math.min(255, Math.max(0, acc >> PRECISION_BITS));
  }
}
