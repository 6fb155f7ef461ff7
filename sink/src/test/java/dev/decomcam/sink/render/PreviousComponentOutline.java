package dev.decomcam.sink.render;

import java.util.Arrays;

/**
 * {@link ComponentOutline} as it was before its wholly covered blocks checked only the edges they
 * share with blocks not wholly covered: the same outline, found with more neighbour reads. For
 * {@link PreviousOverlayRenderer}.
 */
final class PreviousComponentOutline {
  private static final int BLOCK = 16;

  /** Margin for float rounding of resized values against their blocks' corner bounds. */
  private static final float EPS = 1e-5f;

  private static final byte OUT = 0;
  private static final byte IN = 1;
  private static final byte MIXED = 2;

  private final float[] map;
  private final int sw;
  private final Resample.Axis ax;
  private final Resample.Axis ay;
  private final Chunks cx;
  private final Chunks cy;
  private final float threshold;
  private final int nbx;
  private final byte[] state;
  private final float[] high;
  private final float highest;

  /** Start of each crossed block's values in {@link #values}. */
  private final int[] offset;

  /** The resized values of the crossed blocks, block after block, each row by row. */
  private final float[] values;

  /**
   * @param map the component map's values, {@code sw x sh}, row-major
   * @param dw the crop's width
   * @param dh the crop's height
   * @param threshold the outline's cut level
   */
  PreviousComponentOutline(float[] map, int sw, int sh, int dw, int dh, float threshold) {
    this.map = map;
    this.sw = sw;
    this.ax = Resample.axis(sw, dw);
    this.ay = Resample.axis(sh, dh);
    this.cx = Chunks.of(ax);
    this.cy = Chunks.of(ay);
    this.threshold = threshold;
    this.nbx = cx.count();
    int blocks = nbx * cy.count();
    state = new byte[blocks];
    high = new float[blocks];
    offset = new int[blocks];
    float top = Float.NEGATIVE_INFINITY;
    int total = 0;
    for (int j = 0; j < cy.count(); j++) {
      int ya = cy.start[j];
      int yb = cy.start[j + 1] - 1;
      for (int i = 0; i < nbx; i++) {
        int xa = cx.start[i];
        int xb = cx.start[i + 1] - 1;
        float c00 = resized(xa, ya);
        float c01 = resized(xb, ya);
        float c10 = resized(xa, yb);
        float c11 = resized(xb, yb);
        float lo = Math.min(Math.min(c00, c01), Math.min(c10, c11));
        float hi = Math.max(Math.max(c00, c01), Math.max(c10, c11));
        int b = j * nbx + i;
        high[b] = hi;
        top = Math.max(top, hi);
        if (lo - EPS >= threshold) {
          state[b] = IN;
        } else if (hi + EPS < threshold) {
          state[b] = OUT;
        } else {
          state[b] = MIXED;
          offset[b] = total;
          total += (xb - xa + 1) * (yb - ya + 1);
        }
      }
    }
    highest = top;
    values = new float[total];
    // a block samples one quad of source cells: its two source rows interpolated across once per
    // column, then down per pixel, as Resample.at does pixel by pixel, to the bit
    float[] upper = new float[BLOCK];
    float[] lower = new float[BLOCK];
    for (int b = 0; b < blocks; b++) {
      if (state[b] == MIXED) {
        int k = offset[b];
        int j = b / nbx;
        int i = b % nbx;
        int xa = cx.start[i];
        int bw = cx.start[i + 1] - xa;
        int ya = cy.start[j];
        int r0 = ay.i0()[ya] * sw;
        int r1 = ay.i1()[ya] * sw;
        for (int x = 0; x < bw; x++) {
          upper[x] = Resample.lerpX(map, r0, ax, xa + x);
          lower[x] = Resample.lerpX(map, r1, ax, xa + x);
        }
        for (int y = ya; y < cy.start[j + 1]; y++) {
          float fy = ay.f()[y];
          for (int x = 0; x < bw; x++) {
            values[k++] = Resample.lerpY(upper[x], lower[x], fy);
          }
        }
      }
    }
  }

  /**
   * The outline painted 2 px thick: each outline pixel and those right of and below it inside the
   * crop, as a bit set over the crop's pixels (bit {@code y * width + x} of word {@code >>> 6}),
   * for a {@link Stroke} to paint.
   */
  long[] stroke() {
    int w = ax.size();
    int h = ay.size();
    long[] bits = new long[(int) (((long) w * h + 63) >>> 6)];
    int nby = cy.count();
    // a crossed block's pixels and the ring around them, inside or not, read once each
    boolean[] grid = new boolean[(BLOCK + 2) * (BLOCK + 2)];
    for (int j = 0; j < nby; j++) {
      int ya = cy.start[j];
      int yb = cy.start[j + 1] - 1;
      for (int i = 0; i < nbx; i++) {
        int b = j * nbx + i;
        byte s = state[b];
        if (s == OUT) {
          continue;
        }
        int xa = cx.start[i];
        int xb = cx.start[i + 1] - 1;
        if (s == MIXED) {
          int gw = xb - xa + 3;
          // the ring from the blocks around, the block itself from its values
          for (int y = ya - 1, k = 0; y <= yb + 1; y++) {
            boolean ring = y < ya || y > yb;
            for (int x = xa - 1; x <= xb + 1; x++, k++) {
              if (ring || x < xa || x > xb) {
                grid[k] = x >= 0 && y >= 0 && x < w && y < h && inside(x, y);
              }
            }
          }
          for (int y = ya, v = offset[b]; y <= yb; y++) {
            for (int k = (y - ya + 1) * gw + 1, end = k + xb - xa + 1; k < end; k++, v++) {
              grid[k] = values[v] >= threshold;
            }
          }
          for (int y = ya; y <= yb; y++) {
            for (int x = xa; x <= xb; x++) {
              int k = (y - ya + 1) * gw + x - xa + 1;
              if (grid[k]
                  && (x == 0
                      || y == 0
                      || x == w - 1
                      || y == h - 1
                      || !grid[k - 1]
                      || !grid[k + 1]
                      || !grid[k - gw]
                      || !grid[k + gw])) {
                paint(bits, x, y, w, h);
              }
            }
          }
          continue;
        }
        // a block wholly above the threshold: only its border pixels can touch one below, and
        // none can when the blocks beside it are wholly above too and it is off the crop's edge
        if (i > 0
            && j > 0
            && i < nbx - 1
            && j < nby - 1
            && state[b - 1] == IN
            && state[b + 1] == IN
            && state[b - nbx] == IN
            && state[b + nbx] == IN) {
          continue;
        }
        for (int y = ya; y <= yb; y++) {
          int step = y == ya || y == yb ? 1 : Math.max(1, xb - xa);
          for (int x = xa; x <= xb; x += step) {
            boolean edge =
                x == 0
                    || y == 0
                    || x == w - 1
                    || y == h - 1
                    || !inside(x - 1, y)
                    || !inside(x + 1, y)
                    || !inside(x, y - 1)
                    || !inside(x, y + 1);
            if (edge) {
              paint(bits, x, y, w, h);
            }
          }
        }
      }
    }
    return bits;
  }

  /** Sets outline pixel ({@code x}, {@code y}) and those right of and below it in the crop. */
  private static void paint(long[] bits, int x, int y, int w, int h) {
    int k = y * w + x;
    bits[k >>> 6] |= 1L << k;
    if (x + 1 < w) {
      bits[(k + 1) >>> 6] |= 1L << (k + 1);
    }
    if (y + 1 < h) {
      bits[(k + w) >>> 6] |= 1L << (k + w);
    }
  }

  /** The peak: index {@code y * width + x} in the crop of the first pixel of the highest value. */
  int peak() {
    int w = ax.size();
    int best = -1;
    float bestValue = Float.NEGATIVE_INFINITY;
    for (int j = 0; j < cy.count(); j++) {
      for (int i = 0; i < nbx; i++) {
        // highest is a pixel's value: a block whose corners stay below it cannot hold the peak
        if (high[j * nbx + i] + EPS < highest) {
          continue;
        }
        for (int y = cy.start[j]; y < cy.start[j + 1]; y++) {
          for (int x = cx.start[i]; x < cx.start[i + 1]; x++) {
            float v = resized(x, y);
            int k = y * w + x;
            if (v > bestValue || (v == bestValue && k < best)) {
              bestValue = v;
              best = k;
            }
          }
        }
      }
    }
    return best;
  }

  private boolean inside(int x, int y) {
    int j = cy.of[y];
    int i = cx.of[x];
    int b = j * nbx + i;
    byte s = state[b];
    if (s != MIXED) {
      return s == IN;
    }
    int bw = cx.start[i + 1] - cx.start[i];
    return values[offset[b] + (y - cy.start[j]) * bw + (x - cx.start[i])] >= threshold;
  }

  private float resized(int x, int y) {
    return Resample.at(map, sw, ax, ay, x, y);
  }

  /**
   * One axis cut into runs of at most {@link #BLOCK} pixels that sample the same two source cells:
   * run {@code k} is pixels {@code start[k]} to {@code start[k + 1] - 1}; pixel {@code p} is in run
   * {@code of[p]}.
   */
  private record Chunks(int[] start, int[] of) {
    static Chunks of(Resample.Axis a) {
      int n = a.size();
      int[] of = new int[n];
      int[] start = new int[n + 1];
      int count = 0;
      for (int p = 0; p < n; p++) {
        if (p == 0
            || a.i0()[p] != a.i0()[p - 1]
            || a.i1()[p] != a.i1()[p - 1]
            || p - start[count - 1] == BLOCK) {
          start[count++] = p;
        }
        of[p] = count - 1;
      }
      start[count] = n;
      return new Chunks(Arrays.copyOf(start, count + 1), of);
    }

    int count() {
      return start.length - 1;
    }
  }
}
