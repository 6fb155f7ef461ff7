package dev.decomcam.sink.render;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
 * resized, a row at a time, each row settled from its two end values where the threshold lies clear
 * of them and pixel by pixel otherwise, and kept as one bit per pixel. The outline is then found a
 * block row at a time with bit operations on that row, the rows above and below and the bits beside
 * it, skipping the wholly covered blocks among wholly covered ones. Only the blocks whose corners
 * reach the highest corner value are searched for the peak (corners found for the blocks whose
 * cells reach it), and in them only the rows whose end values reach it. A 7x7 map over a 640x480
 * crop thus costs a few thousand values instead of 300 000.
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

  /** Start of each crossed block's rows in {@link #masks}. */
  private final int[] offset;

  /**
   * The crossed blocks' pixels at or above the threshold, block after block, a row of a block per
   * int: bit {@code x} for the block's column {@code x}.
   */
  private final int[] masks;

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
    // runs of blocks across that sample the same quad columns: blocks first[q] to first[q + 1] - 1
    int[] first = new int[nbx + 1];
    int quads = 0;
    for (int i = 0; i < nbx; i++) {
      if (i == 0 || ax.i0()[cx.start[i]] != ax.i0()[cx.start[i - 1]]) {
        first[quads++] = i;
      }
    }
    first[quads] = nbx;
    // the lower and higher of each source column's two cells in the rows the blocks sample
    float[] colLo = new float[sw];
    float[] colHi = new float[sw];
    int rows = -1;
    for (int j = 0; j < cy.count(); j++) {
      int bh = cy.start[j + 1] - cy.start[j];
      int r0 = ay.i0()[cy.start[j]] * sw;
      int r1 = ay.i1()[cy.start[j]] * sw;
      if (r0 != rows) { // i1 follows from i0
        for (int s = 0; s < sw; s++) {
          colLo[s] = Math.min(map[r0 + s], map[r1 + s]);
          colHi[s] = Math.max(map[r0 + s], map[r1 + s]);
        }
        rows = r0;
      }
      for (int q = 0; q < quads; q++) {
        // the blocks' values lie between those of their quad's four cells: settled from them
        // when the threshold is not between, each block from its corners otherwise
        int s0 = ax.i0()[cx.start[first[q]]];
        int s1 = ax.i1()[cx.start[first[q]]];
        float lo = Math.min(colLo[s0], colLo[s1]);
        float hi = Math.max(colHi[s0], colHi[s1]);
        int from = j * nbx + first[q];
        int to = j * nbx + first[q + 1];
        Arrays.fill(high, from, to, hi);
        if (lo - EPS >= threshold) {
          Arrays.fill(state, from, to, IN);
        } else if (hi + EPS >= threshold) {
          for (int b = from; b < to; b++) {
            float bhi = corners(b);
            if (low - EPS >= threshold) {
              state[b] = IN;
            } else if (bhi + EPS >= threshold) {
              state[b] = MIXED;
              offset[b] = total;
              total += bh;
            }
          }
        }
      }
    }
    masks = new int[total];
    // a block samples one quad of source cells: its two source rows interpolated across once per
    // column, then down per pixel, as Resample.at does pixel by pixel, to the bit
    float[] upper = new float[BLOCK];
    float[] lower = new float[BLOCK];
    for (int b = 0; b < blocks; b++) {
      if (state[b] == MIXED) {
        int bw = across(b, upper, lower);
        int j = b / nbx;
        for (int y = cy.start[j], k = offset[b]; y < cy.start[j + 1]; y++, k++) {
          masks[k] = rowMask(upper, lower, bw, ay.f()[y]);
        }
      }
    }
  }

  /**
   * The pixels at or above the threshold of a block's row at fraction {@code fy} down its quad, as
   * bits: the row's values run monotone between its two end values, so a row whose ends lie both
   * clear of the threshold is settled from them, and only a row the threshold crosses is compared
   * pixel by pixel.
   */
  private int rowMask(float[] upper, float[] lower, int bw, float fy) {
    float first = Resample.lerpY(upper[0], lower[0], fy);
    float last = Resample.lerpY(upper[bw - 1], lower[bw - 1], fy);
    if (Math.min(first, last) - EPS >= threshold) {
      return (1 << bw) - 1;
    }
    if (Math.max(first, last) + EPS < threshold) {
      return 0;
    }
    int mask = 0;
    for (int x = 0; x < bw; x++) {
      if (Resample.lerpY(upper[x], lower[x], fy) >= threshold) {
        mask |= 1 << x;
      }
    }
    return mask;
  }

  /**
   * The outline painted 2 px thick: each outline pixel and those right of and below it inside the
   * crop, as a bit set over the crop's pixels (bit {@code y * width + x} of word {@code >>> 6}),
   * for a {@link Stroke} to paint.
   *
   * <p>Row by row of each block not wholly outside, a row's pixels at or above the threshold as
   * bits ({@link #row}): those whose four neighbours (the blocks' rows around it, nothing beyond
   * the crop's edge) are all at or above it are inside the outline, the others on it. A block
   * wholly above the threshold among blocks wholly above has none, and one between such blocks
   * across has it in its first and last rows only.
   */
  long[] stroke() {
    int w = ax.size();
    int h = ay.size();
    long[] bits = new long[(int) (((long) w * h + 63) >>> 6)];
    int nby = cy.count();
    for (int j = 0; j < nby; j++) {
      int ya = cy.start[j];
      int bh = cy.start[j + 1] - ya;
      for (int i = 0; i < nbx; i++) {
        int b = j * nbx + i;
        byte s = state[b];
        boolean left = i > 0;
        boolean right = i < nbx - 1;
        boolean top = j > 0;
        boolean bottom = j < nby - 1;
        if (s == OUT
            || s == IN
                && left
                && right
                && top
                && bottom
                && state[b - 1] == IN
                && state[b + 1] == IN
                && state[b - nbx] == IN
                && state[b + nbx] == IN) {
          continue;
        }
        int xa = cx.start[i];
        int bw = cx.start[i + 1] - xa;
        int full = (1 << bw) - 1;
        int above = top ? row(b - nbx, cy.start[j] - cy.start[j - 1] - 1) : 0;
        int here = row(b, 0);
        for (int r = 0; r < bh; r++) {
          int below = r + 1 < bh ? row(b, r + 1) : bottom ? row(b + nbx, 0) : 0;
          // each pixel's left and right neighbours, from the blocks beside on the block's edges
          int l = here << 1 | (left ? row(b - 1, r) >>> (cx.start[i] - cx.start[i - 1] - 1) : 0);
          int rt = here >>> 1 | (right ? (row(b + 1, r) & 1) << (bw - 1) : 0);
          int outline = here & ~(l & rt & above & below) & full;
          if (outline != 0) {
            int p = (ya + r) * w + xa;
            // each outline pixel and the one right of it, the right one inside the crop only
            int wide = outline | (outline << 1);
            if (xa + bw == w) {
              wide &= full;
            }
            set(bits, p, wide);
            if (ya + r + 1 < h) {
              set(bits, p + w, outline);
            }
          }
          above = here;
          here = below;
          if (r == 0 && s == IN && left && right && state[b - 1] == IN && state[b + 1] == IN) {
            // wholly above between blocks wholly above: only its first and last rows can touch
            // a pixel below the threshold
            r = Math.max(r, bh - 2);
            above = full;
            here = bh > 1 ? full : here;
          }
        }
      }
    }
    return bits;
  }

  /** Row {@code r} of block {@code b}'s pixels at or above the threshold, as bits. */
  private int row(int b, int r) {
    byte s = state[b];
    if (s == MIXED) {
      return masks[offset[b] + r];
    }
    return s == IN ? (1 << (cx.start[b % nbx + 1] - cx.start[b % nbx])) - 1 : 0;
  }

  /** Sets the bits of {@code v} (at most 32 of them) from bit {@code p} of {@code bits}. */
  private static void set(long[] bits, int p, int v) {
    long x = v & 0xFFFFFFFFL;
    int word = p >>> 6;
    int shift = p & 63;
    bits[word] |= x << shift;
    if (shift > 32) {
      long high = x >>> (64 - shift);
      if (high != 0) {
        bits[word + 1] |= high;
      }
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
    // the block's rows sample the same two source rows: each interpolated across at the block's
    // first and last column once, as Resample.at interpolates them for each corner
    int r0 = ay.i0()[ya] * sw;
    int r1 = ay.i1()[ya] * sw;
    float upperA = Resample.lerpX(map, r0, ax, xa);
    float lowerA = Resample.lerpX(map, r1, ax, xa);
    float upperB = Resample.lerpX(map, r0, ax, xb);
    float lowerB = Resample.lerpX(map, r1, ax, xb);
    float c00 = Resample.lerpY(upperA, lowerA, ay.f()[ya]);
    float c01 = Resample.lerpY(upperB, lowerB, ay.f()[ya]);
    float c10 = Resample.lerpY(upperA, lowerA, ay.f()[yb]);
    float c11 = Resample.lerpY(upperB, lowerB, ay.f()[yb]);
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
    float[] upper = new float[BLOCK];
    float[] lower = new float[BLOCK];
    for (int b = 0; b < high.length; b++) {
      // highest is a pixel's value: a block whose values stay below it cannot hold the peak, nor
      // can a row whose two end values do
      if (high[b] + EPS < highest) {
        continue;
      }
      int bw = across(b, upper, lower);
      int xa = cx.start[b % nbx];
      int j = b / nbx;
      for (int y = cy.start[j]; y < cy.start[j + 1]; y++) {
        float fy = ay.f()[y];
        float ends =
            Math.max(
                Resample.lerpY(upper[0], lower[0], fy),
                Resample.lerpY(upper[bw - 1], lower[bw - 1], fy));
        if (ends + EPS < highest) {
          continue;
        }
        for (int x = 0; x < bw; x++) {
          float v = Resample.lerpY(upper[x], lower[x], fy);
          int k = y * w + xa + x;
          if (v > bestValue || (v == bestValue && k < best)) {
            bestValue = v;
            best = k;
          }
        }
      }
    }
    return best;
  }

  /**
   * Block {@code b}'s two source rows interpolated across at each of its columns, into {@code
   * upper} and {@code lower}, as {@link Resample#at} interpolates them for each of its pixels;
   * returns the block's width.
   */
  private int across(int b, float[] upper, float[] lower) {
    int i = b % nbx;
    int xa = cx.start[i];
    int bw = cx.start[i + 1] - xa;
    int ya = cy.start[b / nbx];
    int r0 = ay.i0()[ya] * sw;
    int r1 = ay.i1()[ya] * sw;
    for (int x = 0; x < bw; x++) {
      upper[x] = Resample.lerpX(map, r0, ax, xa + x);
      lower[x] = Resample.lerpX(map, r1, ax, xa + x);
    }
    return bw;
  }

  /**
   * One axis cut into runs of at most {@link #BLOCK} pixels that sample the same two source cells:
   * run {@code k} is pixels {@code start[k]} to {@code start[k + 1] - 1}.
   */
  private record Chunks(int[] start) {
    /** Runs cut, by axis: the same axes recur frame after frame. */
    private static final Map<Resample.Axis, Chunks> CUT = new ConcurrentHashMap<>();

    /** Axes whose runs are kept at most. */
    private static final int MAX_CUT = 256;

    /** The runs of {@code a}, cut once per axis and shared, not to be written. */
    static Chunks of(Resample.Axis a) {
      Chunks c = CUT.get(a);
      if (c == null) {
        c = cut(a);
        if (CUT.size() >= MAX_CUT) {
          CUT.clear(); // axes beyond the bound: start over rather than grow
        }
        CUT.put(a, c);
      }
      return c;
    }

    private static Chunks cut(Resample.Axis a) {
      int n = a.size();
      int[] start = new int[n + 1];
      int count = 0;
      for (int p = 0; p < n; p++) {
        if (p == 0
            || a.i0()[p] != a.i0()[p - 1]
            || a.i1()[p] != a.i1()[p - 1]
            || p - start[count - 1] == BLOCK) {
          start[count++] = p;
        }
      }
      start[count] = n;
      return new Chunks(Arrays.copyOf(start, count + 1));
    }

    int count() {
      return start.length - 1;
    }
  }
}
