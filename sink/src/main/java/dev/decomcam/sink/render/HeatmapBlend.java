package dev.decomcam.sink.render;

import dev.decomcam.common.image.Yuv420;
import java.awt.Rectangle;

/**
 * Blends a saliency map in the {@link Colormap#turbo Turbo} colormap over a region of a planar YUV
 * 4:2:0 image (JFIF YCbCr), the map resized bilinearly to the region ({@link Resample}).
 *
 * <p>Blending in RGB, {@code round((1 - alpha) * frame + alpha * turbo)} per channel, is affine,
 * and so is the JFIF conversion, so it is the same blend per plane: luma {@code (1 - alpha) * Y +
 * alpha * Y(turbo)} per pixel, with the pixel's Turbo level; chroma {@code (1 - alpha) * Cb + alpha
 * * Cb(turbo)} (and Cr) per 2x2 block, with the block's level, the rounded mean of the levels of
 * its pixels in the region. The mean level rather than the mean of the four Turbo chroma values:
 * one table lookup per sample, and neighbouring pixels of a map stretched over a frame differ by a
 * few levels at most, where Turbo's chroma is close to linear. A block the region only partly
 * covers (its edge on an odd pixel) moves by the covered share of that, as averaging a blended RGB
 * picture's chroma would.
 *
 * <p>Made for video rates. The map (u8 values, 255 for 1) is resized once per explanation and frame
 * size into a {@link Layer} of levels: one destination row at a time from two source rows
 * interpolated across once each (not into a full-resolution map), then down per pixel, in fixed
 * point: the fractions of {@link Resample#axis} rounded to {@value #X_BITS} bits across and {@value
 * #Y_BITS} down, so a pixel's level is its bilinear value times 255, off by under a tenth, rounded
 * half up. That is the level of {@link Resample#bilinear} and {@link Colormap#level} except where
 * the value times 255 lies within a tenth of a half, and then one off; the rows go down in integer
 * multiply-adds that the JIT vectorizes. The first frame is blended row by row as the levels are
 * made. Blending looks up every blended value in tables built once per alpha (level by frame
 * value), so a pixel costs a few array reads, and a frame drawn again with the same explanation
 * ({@link #blend(Yuv420, Layer)}) costs only that.
 */
final class HeatmapBlend {
  /** Bits of the fixed-point fractions across and down. */
  private static final int X_BITS = 11;

  private static final int Y_BITS = 12;

  /** Half a level in the fixed point of a resized value. */
  private static final int HALF = 1 << (X_BITS + Y_BITS - 1);

  private final double alpha;

  /** Blended value at {@code (level << 8) | frameValue}, per plane. */
  private final byte[] lumaTable = new byte[256 * 256];

  private final byte[] cbTable = new byte[256 * 256];
  private final byte[] crTable = new byte[256 * 256];

  HeatmapBlend(double alpha) {
    this.alpha = alpha;
    double b = 1 - alpha;
    for (int level = 0; level < 256; level++) {
      int c = Colormap.turboLevel(level);
      double[] ycc = ycc((c >> 16) & 255, (c >> 8) & 255, c & 255);
      for (int p = 0; p < 256; p++) {
        int i = level << 8 | p;
        lumaTable[i] = (byte) Math.round(b * p + alpha * ycc[0]);
        cbTable[i] = (byte) Math.round(b * p + alpha * ycc[1]);
        crTable[i] = (byte) Math.round(b * p + alpha * ycc[2]);
      }
    }
  }

  /** Y, Cb, Cr of an RGB colour (JFIF), unrounded. */
  static double[] ycc(int r, int g, int b) {
    return new double[] {
      0.299 * r + 0.587 * g + 0.114 * b,
      128 - 0.168736 * r - 0.331264 * g + 0.5 * b,
      128 + 0.5 * r - 0.418688 * g - 0.081312 * b
    };
  }

  /** False when alpha is 0: blending leaves every pixel as it is. */
  boolean visible() {
    return alpha > 0;
  }

  /**
   * The Turbo levels of {@code map} ({@code sw x sh} u8 values) resized to {@code region} of an
   * image {@code width x height}, with those of its 2x2 blocks.
   */
  Layer prepare(byte[] map, int sw, int sh, Rectangle region, int width, int height) {
    return layer(map, sw, sh, region, width, height, null);
  }

  /**
   * Blends {@code map} over {@code region} of {@code img} as {@link #prepare} and {@link
   * #blend(Yuv420, Layer)} would, in one pass (each row blended while its levels are at hand), and
   * returns the layer for the frames drawn with the map later.
   */
  Layer blend(byte[] map, int sw, int sh, Rectangle region, Yuv420 img) {
    return layer(map, sw, sh, region, img.width(), img.height(), alpha == 0 ? null : img);
  }

  private Layer layer(
      byte[] map, int sw, int sh, Rectangle region, int width, int height, Yuv420 img) {
    int w = region.width;
    int h = region.height;
    // chroma samples over the region: the levels of their pixels in it, and the share covered
    int cx0 = region.x >> 1;
    int cy0 = region.y >> 1;
    int cw = ((region.x + w - 1) >> 1) - cx0 + 1;
    int ch = ((region.y + h - 1) >> 1) - cy0 + 1;
    short[] colShare = new short[cw];
    short[] rowShare = new short[ch];
    for (int i = 0; i < cw; i++) {
      colShare[i] = share(region.x, w, width, cx0 + i);
    }
    for (int j = 0; j < ch; j++) {
      rowShare[j] = share(region.y, h, height, cy0 + j);
    }
    // each sample's pixels in the region, clipped to it: an edge pixel stands in for the one
    // outside, counted twice (or four times), which leaves the mean of those inside
    int off = region.x & 1;
    byte[] levels = new byte[w * h];
    byte[] chromaLevels = new byte[cw * ch];
    Rows rows = new Rows(map, sw, sh, w, h);
    int[] row = new int[w];
    int[] above = new int[w];
    int[] pair = new int[w];
    for (int y = 0; y < h; y++) {
      rows.levels(y, row);
      if (img != null) {
        lumaRow(img.y(), (region.y + y) * width + region.x, row, levels, y * w);
      } else {
        narrow(row, levels, y * w);
      }
      if (((region.y + y) & 1) == 0 && y < h - 1) {
        int[] t = above; // the chroma row needs the next row too: keep this one
        above = row;
        row = t;
        continue;
      }
      // the chroma row of this row and the one above it (or this one twice): the levels of each
      // column's two pixels summed, then those of each sample's two columns
      int[] upper = ((region.y + y) & 1) == 0 || y == 0 ? row : above;
      for (int x = 0; x < w; x++) {
        pair[x] = upper[x] + row[x];
      }
      int j = ((region.y + y) >> 1) - cy0;
      int k = j * cw;
      int i = 0;
      if (off == 1) {
        chromaLevels[k] = (byte) ((2 * pair[0] + 2) >> 2); // a sample with its right pixel only
        i = 1;
      }
      // whole samples: one induction variable, so the JIT drops the bounds checks
      for (int end = (w + off) >> 1; i < end; i++) {
        int x = 2 * i - off;
        chromaLevels[k + i] = (byte) ((pair[x] + pair[x + 1] + 2) >> 2);
      }
      if (i < cw) {
        chromaLevels[k + i] = (byte) ((2 * pair[w - 1] + 2) >> 2); // its left pixel only
      }
      if (img != null) {
        chromaRow(
            img,
            (cy0 + j) * img.chromaWidth() + cx0,
            chromaLevels,
            j * cw,
            cw,
            colShare,
            rowShare[j]);
      }
    }
    return new Layer(
        region.x, region.y, w, h, levels, cx0, cy0, cw, ch, chromaLevels, colShare, rowShare);
  }

  /**
   * The share in 256ths of chroma column (or row) {@code s}'s pixels inside the image ({@code size}
   * long) that lie in the region's span {@code start .. start + length - 1}.
   */
  private static short share(int start, int length, int size, int s) {
    int real = Math.min(2, size - 2 * s);
    int in = Math.min(2 * s + 1, start + length - 1) - Math.max(2 * s, start) + 1;
    return (short) (in * 256 / real);
  }

  /**
   * The Turbo level of each pixel of {@code map} resized to {@code w x h}, row-major: the map is
   * resized one row at a time from two source rows interpolated across.
   */
  static byte[] levels(byte[] map, int sw, int sh, int w, int h) {
    byte[] out = new byte[w * h];
    Rows rows = new Rows(map, sw, sh, w, h);
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      rows.levels(y, row);
      narrow(row, out, y * w);
    }
    return out;
  }

  /** Stores the levels of a row as bytes from {@code out[at]}. */
  private static void narrow(int[] row, byte[] out, int at) {
    for (int x = 0; x < row.length; x++) {
      out[at + x] = (byte) row[x];
    }
  }

  /**
   * A u8 map resized one destination row at a time, rows in order, to levels in fixed point: each
   * row from the two source rows it needs, interpolated across once each, then down per pixel in a
   * loop of integer multiply-adds that the JIT vectorizes. The level of a pixel is its bilinear
   * value times 255 rounded half up, with the fractions of {@link Resample#axis} rounded to {@value
   * #X_BITS} and {@value #Y_BITS} bits.
   */
  private static final class Rows {
    private final byte[] map;
    private final int sw;
    private final int[] x0;
    private final int[] x1;
    private final int[] fx;
    private final int[] y0;
    private final int[] y1;
    private final int[] fy;
    private int[] top;
    private int[] bottom;
    private int srcA = -1;
    private int srcB = -1;

    Rows(byte[] map, int sw, int sh, int w, int h) {
      this.map = map;
      this.sw = sw;
      Resample.Axis ax = Resample.axis(sw, w);
      Resample.Axis ay = Resample.axis(sh, h);
      x0 = ax.i0();
      x1 = ax.i1();
      fx = fixed(ax.f(), X_BITS);
      y0 = ay.i0();
      y1 = ay.i1();
      fy = fixed(ay.f(), Y_BITS);
      top = new int[w];
      bottom = new int[w];
    }

    private static int[] fixed(float[] f, int bits) {
      int[] out = new int[f.length];
      for (int i = 0; i < f.length; i++) {
        out[i] = Math.round(f[i] * (1 << bits));
      }
      return out;
    }

    /** Writes the levels of row {@code y} (the rows before it done) into {@code out}. */
    void levels(int y, int[] out) {
      int a = y0[y];
      int b = y1[y];
      if (srcA != a) {
        if (srcB == a) {
          int[] t = top;
          top = bottom;
          bottom = t;
          srcB = srcA;
        } else {
          across(a * sw, top);
        }
        srcA = a;
      }
      if (srcB != b) {
        across(b * sw, bottom);
        srcB = b;
      }
      int f = fy[y];
      int[] t = top;
      int[] d = bottom;
      // at most 255 << (X_BITS + Y_BITS) plus the half: within an int
      for (int x = 0; x < out.length; x++) {
        out[x] = ((t[x] << Y_BITS) + (d[x] - t[x]) * f + HALF) >> (X_BITS + Y_BITS);
      }
    }

    /** Source row from {@code row} interpolated across, in 1/2^{@value #X_BITS} units. */
    private void across(int row, int[] out) {
      byte[] m = map;
      for (int x = 0; x < out.length; x++) {
        int v = m[row + x0[x]] & 255;
        out[x] = (v << X_BITS) + ((m[row + x1[x]] & 255) - v) * fx[x];
      }
    }
  }

  /** Blends {@code layer}, prepared for an image of this size, over {@code img}. */
  void blend(Yuv420 img, Layer layer) {
    if (alpha == 0) {
      return; // round(1 * frame + 0) leaves every pixel as it is
    }
    for (int y = 0; y < layer.h; y++) {
      lumaRow(img.y(), (layer.y + y) * img.width() + layer.x, layer.levels, y * layer.w, layer.w);
    }
    for (int j = 0; j < layer.ch; j++) {
      chromaRow(
          img,
          (layer.cy0 + j) * img.chromaWidth() + layer.cx0,
          layer.chromaLevels,
          j * layer.cw,
          layer.cw,
          layer.colShare,
          layer.rowShare[j]);
    }
  }

  /**
   * Blends a row of luma values from {@code plane[i]} with the levels of {@code row}, keeping them
   * in {@code levels} from {@code k}: one pass over the row as its levels are made.
   */
  private void lumaRow(byte[] plane, int i, int[] row, byte[] levels, int k) {
    byte[] table = lumaTable;
    for (int x = 0; x < row.length; x++, i++) {
      int l = row[x];
      levels[k + x] = (byte) l;
      plane[i] = table[l << 8 | (plane[i] & 255)];
    }
  }

  /** Blends {@code n} luma values from {@code plane[i]} with the levels from {@code levels[k]}. */
  private void lumaRow(byte[] plane, int i, byte[] levels, int k, int n) {
    byte[] table = lumaTable;
    for (int end = k + n; k < end; k++, i++) {
      plane[i] = table[(levels[k] & 255) << 8 | (plane[i] & 255)];
    }
  }

  /**
   * Blends {@code n} chroma samples from {@code i} in both chroma planes with the levels from
   * {@code levels[k]}, each by its share: the product of its column's and the row's.
   */
  private void chromaRow(
      Yuv420 img, int i, byte[] levels, int k, int n, short[] colShare, int rowShare) {
    byte[] up = img.u();
    byte[] vp = img.v();
    if (rowShare < 256) {
      for (int s = 0; s < n; s++) {
        sample(up, vp, i + s, levels[k + s], rowShare * colShare[s] >> 8);
      }
      return;
    }
    // a whole row: only its first and last samples can be partly covered
    int first = colShare[0] < 256 ? 1 : 0;
    int last = n > first && colShare[n - 1] < 256 ? n - 1 : n;
    byte[] cb = cbTable;
    byte[] cr = crTable;
    for (int s = first; s < last; s++) {
      int l = (levels[k + s] & 255) << 8;
      up[i + s] = cb[l | (up[i + s] & 255)];
      vp[i + s] = cr[l | (vp[i + s] & 255)];
    }
    if (first == 1) {
      sample(up, vp, i, levels[k], colShare[0]);
    }
    if (last == n - 1) {
      sample(up, vp, i + n - 1, levels[k + n - 1], colShare[n - 1]);
    }
  }

  /** Blends chroma sample {@code i} with level {@code level} by {@code share} 256ths. */
  private void sample(byte[] up, byte[] vp, int i, byte level, int share) {
    int l = (level & 255) << 8;
    int u = up[i] & 255;
    int v = vp[i] & 255;
    if (share == 256) {
      up[i] = cbTable[l | u];
      vp[i] = crTable[l | v];
    } else {
      up[i] = (byte) Stroke.toward(u, cbTable[l | u] & 255, share);
      vp[i] = (byte) Stroke.toward(v, crTable[l | v] & 255, share);
    }
  }

  /**
   * A map's levels over a region ({@code x, y, w, h}) of an image of one size: {@code levels} per
   * pixel, row-major; {@code chromaLevels} per chroma sample of the {@code cw x ch} samples from
   * ({@code cx0}, {@code cy0}) that the region touches, with the share of each sample's pixels it
   * covers, in 256ths, as the product of its column's and row's shares.
   */
  record Layer(
      int x,
      int y,
      int w,
      int h,
      byte[] levels,
      int cx0,
      int cy0,
      int cw,
      int ch,
      byte[] chromaLevels,
      short[] colShare,
      short[] rowShare) {

    /** Bytes held, for the renderer's cache bound. */
    long bytes() {
      return levels.length + chromaLevels.length + 2L * (colShare.length + rowShare.length) + 64;
    }
  }
}
