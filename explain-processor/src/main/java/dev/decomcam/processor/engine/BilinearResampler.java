package dev.decomcam.processor.engine;

import java.util.Arrays;

/**
 * Antialiased bilinear resampling of 8-bit images, the same arithmetic as Pillow's {@code
 * Image.resize(size, BILINEAR)} (triangle filter widened by the scale when shrinking, 22-bit
 * fixed-point weights, horizontal pass then vertical, rounding to 8 bits after each). torchvision's
 * "Resize(256) + CenterCrop(224)" on PIL images is this, so crops made here match references made
 * in Python bit for bit when the decoded pixels agree.
 *
 * <p>It reads packed 8-bit pixels ({@link PackedRgb}) and writes the model's float CHW input in one
 * go: the horizontal pass filters the three channels of each needed input row together, the
 * vertical pass turns each 8-bit result into its normalised value by table lookup. The coefficients
 * depend only on the geometry, so they are computed once per frame size ({@link Plan}): every
 * window loses its zero-weight end taps and is then widened to the longest one, so each pass runs a
 * fixed number of taps, with kernels written out for 2 to 5 taps (an upscale, a downscale by up to
 * 1.5, 2 and 2.5) that leave out the clipping to 0..255 where the weights cannot leave that range
 * (always, for this filter: {@link Plan#inRange}). Filtered input rows go to a ring of a few rows
 * ({@link Scratch}) that the vertical pass reads while they are still in cache.
 */
final class BilinearResampler {

  private static final int PRECISION_BITS = 32 - 8 - 2;

  /** Half of the fixed-point one, added before the shift to round to nearest. */
  private static final int ROUND = 1 << (PRECISION_BITS - 1);

  private BilinearResampler() {}

  /** Per-output-pixel input window start, length and fixed-point weights ({@code ksize} each). */
  private record Coeffs(int[] start, int[] length, int[] weights, int ksize) {}

  /**
   * What resampling {@code inW x inH} to {@code outW x outH} and keeping the window {@code [x0,
   * x0+cropW) x [y0, y0+cropH)} needs, computed once per geometry: the window's columns and rows
   * with their input starts and {@code colTaps} / {@code rowTaps} weights each, the band of input
   * rows the vertical pass reads ({@code rowStart} is relative to {@code firstRow}), how many
   * filtered rows it must keep at once ({@code ringRows}), and whether every weighted sum of 8-bit
   * values is sure to round to 0..255 ({@code inRange}: no negative weights, no window summing to
   * more than one by a rounding margin; true of the triangle filter), so needs no clipping.
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
      int[] rowWeights,
      int rowTaps,
      int firstRow,
      int rowCount,
      int ringRows,
      boolean inRange) {}

  /**
   * A thread's working memory, reused from frame to frame: the ring of horizontally filtered rows
   * (one array per output channel) and the vertical pass's accumulators. Not thread-safe: one per
   * thread.
   */
  static final class Scratch {
    private int[][] ring = new int[3][0];
    private int[] acc = new int[0];

    int[][] ring(int size) {
      if (ring[0].length < size) {
        ring = new int[3][size];
      }
      return ring;
    }

    int[] acc(int size) {
      if (acc.length < size) {
        acc = new int[size];
      }
      return acc;
    }
  }

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
    Coeffs cx = padded(trimmed(window(coeffs(inW, outW), x0, cropW)), inW);
    Coeffs cy = padded(trimmed(window(coeffs(inH, outH), y0, cropH)), inH);
    int taps = cy.ksize;
    int first = Integer.MAX_VALUE;
    int end = 0;
    for (int yy = 0; yy < cropH; yy++) {
      first = Math.min(first, cy.start[yy]);
      end = Math.max(end, cy.start[yy] + taps);
    }
    // rows are filtered in order up to the furthest one needed so far: the ring must still hold
    // the first row of each window then
    int ring = taps;
    int filtered = first;
    int[] rowStart = cy.start.clone();
    for (int yy = 0; yy < cropH; yy++) {
      filtered = Math.max(filtered, rowStart[yy] + taps);
      ring = Math.max(ring, filtered - rowStart[yy]);
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
        cy.weights,
        taps,
        first,
        end - first,
        ring,
        inRange(cx) && inRange(cy));
  }

  /**
   * True when no weight is negative and, for every window, 255 times its weights plus the rounding
   * half stays under 256 in fixed point: then every sum of 8-bit values shifts to 0..255.
   */
  private static boolean inRange(Coeffs c) {
    for (int o = 0; o < c.start.length; o++) {
      long sum = 0;
      for (int i = 0; i < c.ksize; i++) {
        int w = c.weights[o * c.ksize + i];
        if (w < 0) {
          return false;
        }
        sum += w;
      }
      if (255 * sum + ROUND >= 256L << PRECISION_BITS) {
        return false;
      }
    }
    return true;
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
   * {@code c} without the zero weights at either end of each window: they add nothing to the sums,
   * and they are common (a window edge that lands on a whole pixel, e.g. an upscale's third tap),
   * so the longest window, and with it the taps every output runs, often gets one shorter.
   */
  private static Coeffs trimmed(Coeffs c) {
    int n = c.start.length;
    int[] start = new int[n];
    int[] length = new int[n];
    int[] weights = new int[n * c.ksize];
    for (int o = 0; o < n; o++) {
      int k = o * c.ksize;
      int from = 0;
      int to = c.length[o];
      while (from < to && c.weights[k + from] == 0) {
        from++;
      }
      while (to > from && c.weights[k + to - 1] == 0) {
        to--;
      }
      start[o] = c.start[o] + from;
      length[o] = to - from;
      System.arraycopy(c.weights, k + from, weights, k, to - from);
    }
    return new Coeffs(start, length, weights, c.ksize);
  }

  /**
   * {@code c} with every window widened to the longest one (zero weights added, the start moved
   * left where the window would pass the last input), so that each pass runs a fixed number of
   * taps. The integer sums, and so the results, are the same.
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
   * needs, for all three channels at once, into {@code scratch}.
   */
  static void resample(
      PackedRgb src, Plan plan, int[] bands, float[][] lut, float[] out, Scratch scratch) {
    resample(src, plan, bands, lut, out, scratch, true);
  }

  /**
   * {@link #resample} with ({@code unrolled}) or without the kernels written out for 1 to 5 taps
   * and 3-byte pixels (and the vertical ones for 1 to 4), which skip the clipping the plan has
   * shown is not needed: the same values either way (the tests compare them).
   */
  static void resample(
      PackedRgb src,
      Plan plan,
      int[] bands,
      float[][] lut,
      float[] out,
      Scratch scratch,
      boolean unrolled) {
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
    if (out.length < 3 * plan.cropW * plan.cropH) {
      throw new IllegalArgumentException(
          "output of "
              + out.length
              + " values for a "
              + plan.cropW
              + "x"
              + plan.cropH
              + " crop of 3 channels: give an array of at least "
              + 3 * plan.cropW * plan.cropH);
    }
    int cropW = plan.cropW;
    int cropH = plan.cropH;
    int ringRows = plan.ringRows;
    int[][] ring = scratch.ring(ringRows * cropW);
    int[] acc = scratch.acc(cropW);
    // the ring arrays by the byte of a pixel they take (the fast kernels load bytes 0, 1, 2)
    boolean fast = unrolled && plan.inRange;
    int[][] byByte = fast ? byByte(src, bands, ring) : null;
    int n = cropW * cropH;
    int taps = plan.rowTaps;
    int[] rowOffset = new int[taps];
    int filtered = 0; // input rows of the band filtered so far
    for (int yy = 0; yy < cropH; yy++) {
      int s = plan.rowStart[yy];
      while (filtered < s + taps) {
        int to = (filtered % ringRows) * cropW;
        int row = src.offset() + (plan.firstRow + filtered) * src.scanlineStride();
        if (byByte != null) {
          horizontal(src.data(), row, plan, byByte, to);
        } else {
          horizontalGeneric(src.data(), row, src.pixelStride(), plan, bands, ring, to);
        }
        filtered++;
      }
      for (int i = 0; i < taps; i++) {
        rowOffset[i] = ((s + i) % ringRows) * cropW;
      }
      int k = yy * taps;
      for (int c = 0; c < 3; c++) {
        int o = c * n + yy * cropW;
        if (fast && taps <= 4) {
          vertical(ring[c], rowOffset, plan.rowWeights, k, taps, lut[c], out, o, acc, cropW);
        } else {
          verticalGeneric(ring[c], rowOffset, plan.rowWeights, k, taps, lut[c], out, o, acc, cropW);
        }
      }
    }
  }

  /**
   * {@code ring} reordered so that entry {@code b} takes byte {@code b} of each pixel, when the
   * pixels are 3 bytes with the bands in them in any order (what {@link PackedRgb#of} gives); null
   * otherwise.
   */
  private static int[][] byByte(PackedRgb src, int[] bands, int[][] ring) {
    if (src.pixelStride() != 3) {
      return null;
    }
    int[][] out = new int[3][];
    for (int c = 0; c < 3; c++) {
      if (bands[c] < 0 || bands[c] > 2 || out[bands[c]] != null) {
        return null;
      }
      out[bands[c]] = ring[c];
    }
    return out;
  }

  /**
   * One input row of 3-byte pixels, starting at byte {@code row} of {@code d}, filtered
   * horizontally: byte {@code b} of the window's pixels into {@code u[b]} from index {@code to}.
   * The kernels load at constant offsets from each window's first byte, so the JIT checks the
   * bounds of a window's loads together.
   */
  private static void horizontal(byte[] d, int row, Plan plan, int[][] u, int to) {
    switch (plan.colTaps) {
      case 1 -> horizontal1(d, row, plan, u[0], u[1], u[2], to);
      case 2 -> horizontal2(d, row, plan, u[0], u[1], u[2], to);
      case 3 -> horizontal3(d, row, plan, u[0], u[1], u[2], to);
      case 4 -> horizontal4(d, row, plan, u[0], u[1], u[2], to);
      case 5 -> horizontal5(d, row, plan, u[0], u[1], u[2], to);
      default -> horizontalN(d, row, plan, u[0], u[1], u[2], to);
    }
  }

  private static void horizontal1(
      byte[] d, int row, Plan plan, int[] u0, int[] u1, int[] u2, int to) {
    int[] start = plan.colStart;
    int[] weights = plan.colWeights;
    int cropW = plan.cropW;
    for (int xx = 0; xx < cropW; xx++) {
      int a = row + start[xx] * 3;
      int w0 = weights[xx];
      u0[to + xx] = to8(ROUND + (d[a] & 0xff) * w0);
      u1[to + xx] = to8(ROUND + (d[a + 1] & 0xff) * w0);
      u2[to + xx] = to8(ROUND + (d[a + 2] & 0xff) * w0);
    }
  }

  private static void horizontal2(
      byte[] d, int row, Plan plan, int[] u0, int[] u1, int[] u2, int to) {
    int[] start = plan.colStart;
    int[] weights = plan.colWeights;
    int cropW = plan.cropW;
    for (int xx = 0, k = 0; xx < cropW; xx++, k += 2) {
      int a = row + start[xx] * 3;
      int b = a + 3;
      int w0 = weights[k];
      int w1 = weights[k + 1];
      u0[to + xx] = to8(ROUND + (d[a] & 0xff) * w0 + (d[b] & 0xff) * w1);
      u1[to + xx] = to8(ROUND + (d[a + 1] & 0xff) * w0 + (d[b + 1] & 0xff) * w1);
      u2[to + xx] = to8(ROUND + (d[a + 2] & 0xff) * w0 + (d[b + 2] & 0xff) * w1);
    }
  }

  private static void horizontal3(
      byte[] d, int row, Plan plan, int[] u0, int[] u1, int[] u2, int to) {
    int[] start = plan.colStart;
    int[] weights = plan.colWeights;
    int cropW = plan.cropW;
    for (int xx = 0, k = 0; xx < cropW; xx++, k += 3) {
      int a = row + start[xx] * 3;
      int b = a + 3;
      int c = a + 6;
      int w0 = weights[k];
      int w1 = weights[k + 1];
      int w2 = weights[k + 2];
      u0[to + xx] = to8(ROUND + (d[a] & 0xff) * w0 + (d[b] & 0xff) * w1 + (d[c] & 0xff) * w2);
      u1[to + xx] =
          to8(ROUND + (d[a + 1] & 0xff) * w0 + (d[b + 1] & 0xff) * w1 + (d[c + 1] & 0xff) * w2);
      u2[to + xx] =
          to8(ROUND + (d[a + 2] & 0xff) * w0 + (d[b + 2] & 0xff) * w1 + (d[c + 2] & 0xff) * w2);
    }
  }

  private static void horizontal4(
      byte[] d, int row, Plan plan, int[] u0, int[] u1, int[] u2, int to) {
    int[] start = plan.colStart;
    int[] weights = plan.colWeights;
    int cropW = plan.cropW;
    for (int xx = 0, k = 0; xx < cropW; xx++, k += 4) {
      int a = row + start[xx] * 3;
      int b = a + 3;
      int c = a + 6;
      int e = a + 9;
      int w0 = weights[k];
      int w1 = weights[k + 1];
      int w2 = weights[k + 2];
      int w3 = weights[k + 3];
      u0[to + xx] =
          to8(
              ROUND
                  + (d[a] & 0xff) * w0
                  + (d[b] & 0xff) * w1
                  + (d[c] & 0xff) * w2
                  + (d[e] & 0xff) * w3);
      u1[to + xx] =
          to8(
              ROUND
                  + (d[a + 1] & 0xff) * w0
                  + (d[b + 1] & 0xff) * w1
                  + (d[c + 1] & 0xff) * w2
                  + (d[e + 1] & 0xff) * w3);
      u2[to + xx] =
          to8(
              ROUND
                  + (d[a + 2] & 0xff) * w0
                  + (d[b + 2] & 0xff) * w1
                  + (d[c + 2] & 0xff) * w2
                  + (d[e + 2] & 0xff) * w3);
    }
  }

  /** A downscale by 2 to 2.5, e.g. a frame decoded at 1/2 for the demo model's 128x128. */
  private static void horizontal5(
      byte[] d, int row, Plan plan, int[] u0, int[] u1, int[] u2, int to) {
    int[] start = plan.colStart;
    int[] weights = plan.colWeights;
    int cropW = plan.cropW;
    for (int xx = 0, k = 0; xx < cropW; xx++, k += 5) {
      int a = row + start[xx] * 3;
      int w0 = weights[k];
      int w1 = weights[k + 1];
      int w2 = weights[k + 2];
      int w3 = weights[k + 3];
      int w4 = weights[k + 4];
      u0[to + xx] =
          to8(
              ROUND
                  + (d[a] & 0xff) * w0
                  + (d[a + 3] & 0xff) * w1
                  + (d[a + 6] & 0xff) * w2
                  + (d[a + 9] & 0xff) * w3
                  + (d[a + 12] & 0xff) * w4);
      u1[to + xx] =
          to8(
              ROUND
                  + (d[a + 1] & 0xff) * w0
                  + (d[a + 4] & 0xff) * w1
                  + (d[a + 7] & 0xff) * w2
                  + (d[a + 10] & 0xff) * w3
                  + (d[a + 13] & 0xff) * w4);
      u2[to + xx] =
          to8(
              ROUND
                  + (d[a + 2] & 0xff) * w0
                  + (d[a + 5] & 0xff) * w1
                  + (d[a + 8] & 0xff) * w2
                  + (d[a + 11] & 0xff) * w3
                  + (d[a + 14] & 0xff) * w4);
    }
  }

  /** More than 5 taps (a downscale by more than 2.5). */
  private static void horizontalN(
      byte[] d, int row, Plan plan, int[] u0, int[] u1, int[] u2, int to) {
    int[] start = plan.colStart;
    int[] weights = plan.colWeights;
    int cropW = plan.cropW;
    int taps = plan.colTaps;
    for (int xx = 0, k = 0; xx < cropW; xx++, k += taps) {
      int a = row + start[xx] * 3;
      int a0 = ROUND;
      int a1 = ROUND;
      int a2 = ROUND;
      for (int i = 0; i < taps; i++, a += 3) {
        int w = weights[k + i];
        a0 += (d[a] & 0xff) * w;
        a1 += (d[a + 1] & 0xff) * w;
        a2 += (d[a + 2] & 0xff) * w;
      }
      u0[to + xx] = to8(a0);
      u1[to + xx] = to8(a1);
      u2[to + xx] = to8(a2);
    }
  }

  /** Any taps and pixel layout: channel {@code c} (band {@code bands[c]}) into {@code t[c]}. */
  private static void horizontalGeneric(
      byte[] d, int row, int ps, Plan plan, int[] bands, int[][] t, int to) {
    int[] start = plan.colStart;
    int[] weights = plan.colWeights;
    int cropW = plan.cropW;
    int taps = plan.colTaps;
    int b0 = bands[0];
    int b1 = bands[1];
    int b2 = bands[2];
    int[] t0 = t[0];
    int[] t1 = t[1];
    int[] t2 = t[2];
    for (int xx = 0; xx < cropW; xx++) {
      int at = row + start[xx] * ps;
      int k = xx * taps;
      int a0 = ROUND;
      int a1 = ROUND;
      int a2 = ROUND;
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

  /**
   * One output row of one channel, 1 to 4 taps: the filtered rows at {@code rowOffset[i]} of {@code
   * t} weighted by {@code weights[k + i]}, through {@code table} into {@code out} from {@code o}.
   * The 8-bit results go to {@code acc} first, in a loop of int arithmetic the JIT vectorises, then
   * through the table.
   */
  private static void vertical(
      int[] t,
      int[] rowOffset,
      int[] weights,
      int k,
      int taps,
      float[] table,
      float[] out,
      int o,
      int[] acc,
      int cropW) {
    int r0 = rowOffset[0];
    int w0 = weights[k];
    switch (taps) {
      case 1 -> {
        for (int xx = 0; xx < cropW; xx++) {
          acc[xx] = to8(ROUND + t[r0 + xx] * w0);
        }
      }
      case 2 -> {
        int r1 = rowOffset[1];
        int w1 = weights[k + 1];
        for (int xx = 0; xx < cropW; xx++) {
          acc[xx] = to8(ROUND + t[r0 + xx] * w0 + t[r1 + xx] * w1);
        }
      }
      case 3 -> {
        int r1 = rowOffset[1];
        int r2 = rowOffset[2];
        int w1 = weights[k + 1];
        int w2 = weights[k + 2];
        for (int xx = 0; xx < cropW; xx++) {
          acc[xx] = to8(ROUND + t[r0 + xx] * w0 + t[r1 + xx] * w1 + t[r2 + xx] * w2);
        }
      }
      default -> {
        int r1 = rowOffset[1];
        int r2 = rowOffset[2];
        int r3 = rowOffset[3];
        int w1 = weights[k + 1];
        int w2 = weights[k + 2];
        int w3 = weights[k + 3];
        for (int xx = 0; xx < cropW; xx++) {
          acc[xx] =
              to8(ROUND + t[r0 + xx] * w0 + t[r1 + xx] * w1 + t[r2 + xx] * w2 + t[r3 + xx] * w3);
        }
      }
    }
    for (int xx = 0; xx < cropW; xx++) {
      out[o + xx] = table[acc[xx]];
    }
  }

  /** {@link #vertical} for any number of taps, accumulating in {@code acc[0, cropW)}. */
  private static void verticalGeneric(
      int[] t,
      int[] rowOffset,
      int[] weights,
      int k,
      int taps,
      float[] table,
      float[] out,
      int o,
      int[] acc,
      int cropW) {
    Arrays.fill(acc, 0, cropW, ROUND);
    for (int i = 0; i < taps; i++) {
      int w = weights[k + i];
      int row = rowOffset[i];
      for (int xx = 0; xx < cropW; xx++) {
        acc[xx] += t[row + xx] * w;
      }
    }
    for (int xx = 0; xx < cropW; xx++) {
      out[o + xx] = table[clip8(acc[xx])];
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

  /**
   * A sum's 8-bit value where the plan has shown it is within 0..255 ({@link Plan#inRange}): the
   * same as {@link #clip8} there, without its two comparisons per value.
   */
  private static int to8(int acc) {
    return acc >> PRECISION_BITS;
  }

  private static int clip8(int acc) {
    return Math.min(255, Math.max(0, acc >> PRECISION_BITS));
  }
}
