package dev.decomcam.sink.render;

import java.util.Arrays;

/**
 * A component map's outline at a threshold, and its peak, on the pixels of the crop the map is
 * resized to ({@link Resample}): the outline is the pixels at or above the threshold that touch one
 * below it or the crop's edge, the peak the first pixel (row by row) of the highest value, both as
 * resizing the whole map to the crop would give them, to the pixel.
 *
 * <p>Without resizing the whole map: the crop is cut into blocks of at most {@value #BLOCK} pixels
 * a side, each within one quad of source cells, where the resized value is monotone along both axes
 * so the block's four corners bound it, and the quad's four cells bound those. A block wholly above
 * or wholly below the threshold is settled from its quad's cells, or where the threshold lies
 * between them from its corners; only the blocks the threshold crosses (along the outline) are
 * resized pixel by pixel, and only the blocks whose corners reach the highest corner value are
 * searched for the peak (corners found for the blocks whose cells reach it). A wholly covered block
 * reads the neighbours of its edge pixels only across the edges it shares with the crop's edge or
 * with blocks not wholly covered. A 7x7 map over a 640x480 crop thus costs a few thousand values
 * instead of 300 000.
 */
final class ComponentOutline {
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

  /** Per block, its highest value ({@link #exact}) or a bound of it (its quad's highest cell). */
  private final float[] high;

  private final boolean[] exact;

  /** The lowest corner of the block {@link #corners} looked at last. */
  private float low;

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
  ComponentOutline(float[] map, int sw, int sh, int dw, int dh, float threshold) {
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
    exact = new boolean[blocks];
    int total = 0;
    for (int j = 0; j < cy.count(); j++) {
      int ya = cy.start[j];
      int yb = cy.start[j + 1] - 1;
      int r0 = ay.i0()[ya] * sw;
      int r1 = ay.i1()[ya] * sw;
      for (int i = 0; i < nbx; i++) {
        int xa = cx.start[i];
        int xb = cx.start[i + 1] - 1;
        int b = j * nbx + i;
        // the block's values lie between those of its quad's four cells: settled from them when
        // the threshold is not between, from its corners otherwise
        int s0 = ax.i0()[xa];
        int s1 = ax.i1()[xa];
        float lo =
            Math.min(Math.min(map[r0 + s0], map[r0 + s1]), Math.min(map[r1 + s0], map[r1 + s1]));
        float hi =
            Math.max(Math.max(map[r0 + s0], map[r0 + s1]), Math.max(map[r1 + s0], map[r1 + s1]));
        high[b] = hi;
        if (lo - EPS < threshold && hi + EPS >= threshold) {
          hi = corners(b);
          lo = low;
        }
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
        // a block wholly above the threshold: only its border pixels can touch one below, across
        // an edge of the crop (all outline then) or of a block not wholly above (pixel by pixel)
        boolean leftIn = i > 0 && state[b - 1] == IN;
        boolean rightIn = i < nbx - 1 && state[b + 1] == IN;
        boolean topIn = j > 0 && state[b - nbx] == IN;
        boolean bottomIn = j < nby - 1 && state[b + nbx] == IN;
        if (!topIn) {
          for (int x = xa; x <= xb; x++) {
            if (ya == 0 || !inside(x, ya - 1)) {
              paint(bits, x, ya, w, h);
            }
          }
        }
        if (!bottomIn) {
          for (int x = xa; x <= xb; x++) {
            if (yb == h - 1 || !inside(x, yb + 1)) {
              paint(bits, x, yb, w, h);
            }
          }
        }
        if (!leftIn) {
          for (int y = ya; y <= yb; y++) {
            if (xa == 0 || !inside(xa - 1, y)) {
              paint(bits, xa, y, w, h);
            }
          }
        }
        if (!rightIn) {
          for (int y = ya; y <= yb; y++) {
            if (xb == w - 1 || !inside(xb + 1, y)) {
              paint(bits, xb, y, w, h);
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

  /**
   * The highest and (in {@link #low}) lowest of block {@code b}'s values, those of its corners as
   * the values are monotone across and down a block; kept in {@link #high}.
   */
  private float corners(int b) {
    int j = b / nbx;
    int i = b % nbx;
    int xa = cx.start[i];
    int xb = cx.start[i + 1] - 1;
    int ya = cy.start[j];
    int yb = cy.start[j + 1] - 1;
    float c00 = resized(xa, ya);
    float c01 = resized(xb, ya);
    float c10 = resized(xa, yb);
    float c11 = resized(xb, yb);
    low = Math.min(Math.min(c00, c01), Math.min(c10, c11));
    high[b] = Math.max(Math.max(c00, c01), Math.max(c10, c11));
    exact[b] = true;
    return high[b];
  }

  /** The peak: index {@code y * width + x} in the crop of the first pixel of the highest value. */
  int peak() {
    // the highest value: that of a block's corners, found for the blocks that may hold it (those
    // whose quad's cells reach above the highest corner seen), the others bounded by their cells
    float highest = Float.NEGATIVE_INFINITY;
    for (int b = 0; b < high.length; b++) {
      if (exact[b]) {
        highest = Math.max(highest, high[b]);
      }
    }
    for (int b = 0; b < high.length; b++) {
      if (!exact[b] && high[b] + EPS >= highest) {
        highest = Math.max(highest, corners(b));
      }
    }
    int w = ax.size();
    int best = -1;
    float bestValue = Float.NEGATIVE_INFINITY;
    for (int j = 0; j < cy.count(); j++) {
      for (int i = 0; i < nbx; i++) {
        // highest is a pixel's value: a block whose values stay below it cannot hold the peak
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
