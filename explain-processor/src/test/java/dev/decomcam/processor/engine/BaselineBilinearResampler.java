package dev.decomcam.processor.engine;

/**
 * Test-only copy of the plane resampler the translator used before its one-pass kernel: the
 * baseline of {@code FrameTranslatorTest} ({@code FramePrepBench} times the later one-pass
 * resampler, {@link BaselineOnePassResampler}).
 *
 * <p>Antialiased bilinear resampling of 8-bit channel planes, the same arithmetic as Pillow's
 * {@code Image.resize(size, BILINEAR)} (triangle filter widened by the scale when shrinking, 22-bit
 * fixed-point weights, horizontal pass then vertical, rounding to 8 bits after each). torchvision's
 * "Resize(256) + CenterCrop(224)" on PIL images is this, so crops made here match references made
 * in Python bit for bit when the decoded pixels agree.
 */
final class BaselineBilinearResampler {

  private static final int PRECISION_BITS = 32 - 8 - 2;

  private BaselineBilinearResampler() {}

  /** Per-output-pixel input window start, length and fixed-point weights ({@code ksize} each). */
  private record Coeffs(int[] start, int[] length, int[] weights, int ksize) {}

  /**
   * Resizes {@code planes} (each {@code inW*inH}, row-major, values 0..255) to {@code outW x outH}
   * and returns the window {@code [x0, x0+cropW) x [y0, y0+cropH)} of the result.
   */
  static int[][] resize(
      int[][] planes, int inW, int inH, int outW, int outH, int x0, int y0, int cropW, int cropH) {
    Coeffs cx = coeffs(inW, outW);
    Coeffs cy = coeffs(inH, outH);
    int[][] out = new int[planes.length][];
    for (int c = 0; c < planes.length; c++) {
      int[] src = planes[c];
      // horizontal pass over every input row, only for the kept output columns
      int[] tmp = new int[inH * cropW];
      for (int y = 0; y < inH; y++) {
        int row = y * inW;
        for (int xx = 0; xx < cropW; xx++) {
          int ox = x0 + xx;
          int s = cx.start[ox];
          int k = ox * cx.ksize;
          int acc = 1 << (PRECISION_BITS - 1);
          for (int i = 0; i < cx.length[ox]; i++) {
            acc += src[row + s + i] * cx.weights[k + i];
          }
          tmp[y * cropW + xx] = clip8(acc);
        }
      }
      int[] dst = new int[cropH * cropW];
      for (int yy = 0; yy < cropH; yy++) {
        int oy = y0 + yy;
        int s = cy.start[oy];
        int k = oy * cy.ksize;
        for (int xx = 0; xx < cropW; xx++) {
          int acc = 1 << (PRECISION_BITS - 1);
          for (int i = 0; i < cy.length[oy]; i++) {
            acc += tmp[(s + i) * cropW + xx] * cy.weights[k + i];
          }
          dst[yy * cropW + xx] = clip8(acc);
        }
      }
      out[c] = dst;
    }
    return out;
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
