package dev.decomcam.sink.render;

import dev.decomcam.common.image.Yuv420;
import java.awt.Rectangle;

/**
 * {@link HeatmapBlend} as it was before its levels went fixed-point: the map in floats in [0,1],
 * each pixel's level that of {@link Resample#bilinear} and {@link Colormap#level} exactly (the
 * float value times 255 in double, rounded half up). For {@link PreviousOverlayRenderer}.
 */
final class PreviousHeatmapBlend {
  private final double alpha;

  /** Blended value at {@code (level << 8) | frameValue}, per plane. */
  private final byte[] lumaTable = new byte[256 * 256];

  private final byte[] cbTable = new byte[256 * 256];
  private final byte[] crTable = new byte[256 * 256];

  PreviousHeatmapBlend(double alpha) {
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
   * The Turbo levels of {@code map} ({@code sw x sh} values in [0,1]) resized to {@code region} of
   * an image {@code width x height}, with those of its 2x2 blocks.
   */
  Layer prepare(float[] map, int sw, int sh, Rectangle region, int width, int height) {
    return layer(map, sw, sh, region, width, height, null);
  }

  /**
   * Blends {@code map} over {@code region} of {@code img} as {@link #prepare} and {@link
   * #blend(Yuv420, Layer)} would, in one pass (each row blended while its levels are at hand), and
   * returns the layer for the frames drawn with the map later.
   */
  Layer blend(float[] map, int sw, int sh, Rectangle region, Yuv420 img) {
    return layer(map, sw, sh, region, img.width(), img.height(), alpha == 0 ? null : img);
  }

  private Layer layer(
      float[] map, int sw, int sh, Rectangle region, int width, int height, Yuv420 img) {
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
    int[] left = new int[cw];
    int[] right = new int[cw];
    for (int i = 0; i < cw; i++) {
      left[i] = Math.max(0, 2 * (cx0 + i) - region.x);
      right[i] = Math.min(w - 1, 2 * (cx0 + i) + 1 - region.x);
    }
    byte[] levels = new byte[w * h];
    byte[] chromaLevels = new byte[cw * ch];
    Rows rows = new Rows(map, sw, sh, w, h);
    for (int y = 0; y < h; y++) {
      rows.levels(y, levels, y * w);
      if (img != null) {
        lumaRow(img.y(), (region.y + y) * width + region.x, levels, y * w, w);
      }
      if (((region.y + y) & 1) == 0 && y < h - 1) {
        continue; // the chroma row needs the next row too
      }
      // the chroma row of this row and the one above it (or this one alone)
      int j = ((region.y + y) >> 1) - cy0;
      int top = Math.max(0, 2 * (cy0 + j) - region.y) * w;
      int bottom = y * w;
      for (int i = 0, k = j * cw; i < cw; i++, k++) {
        int sum =
            (levels[top + left[i]] & 255)
                + (levels[top + right[i]] & 255)
                + (levels[bottom + left[i]] & 255)
                + (levels[bottom + right[i]] & 255);
        chromaLevels[k] = (byte) ((sum + 2) >> 2);
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
  static byte[] levels(float[] map, int sw, int sh, int w, int h) {
    byte[] out = new byte[w * h];
    Rows rows = new Rows(map, sw, sh, w, h);
    for (int y = 0; y < h; y++) {
      rows.levels(y, out, y * w);
    }
    return out;
  }

  /**
   * A map resized one destination row at a time, rows in order: each from the two source rows it
   * needs, interpolated across once each (not into a full-resolution float map), each value
   * straight to its Turbo level.
   */
  private static final class Rows {
    private final float[] map;
    private final int sw;
    private final Resample.Axis ax;
    private final Resample.Axis ay;
    private float[] top;
    private float[] bottom;
    private int srcA = -1;
    private int srcB = -1;

    Rows(float[] map, int sw, int sh, int w, int h) {
      this.map = map;
      this.sw = sw;
      this.ax = Resample.axis(sw, w);
      this.ay = Resample.axis(sh, h);
      top = new float[w];
      bottom = new float[w];
    }

    /**
     * Writes the levels of row {@code y} (the rows before it done) into {@code out} from {@code
     * at}.
     */
    void levels(int y, byte[] out, int at) {
      int y0 = ay.i0()[y];
      int y1 = ay.i1()[y];
      if (srcA != y0) {
        if (srcB == y0) {
          float[] t = top;
          top = bottom;
          bottom = t;
          srcB = srcA;
        } else {
          across(map, y0 * sw, ax, top);
        }
        srcA = y0;
      }
      if (srcB != y1) {
        across(map, y1 * sw, ax, bottom);
        srcB = y1;
      }
      float fy = ay.f()[y];
      float[] t = top;
      float[] b = bottom;
      for (int x = 0; x < t.length; x++) {
        out[at + x] = (byte) level(Resample.lerpY(t[x], b[x], fy));
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
    for (int s = 0; s < n; s++, i++, k++) {
      int l = (levels[k] & 255) << 8;
      int u = up[i] & 255;
      int v = vp[i] & 255;
      int share = rowShare * colShare[s] >> 8;
      if (share == 256) {
        up[i] = cbTable[l | u];
        vp[i] = crTable[l | v];
      } else {
        up[i] = (byte) Stroke.toward(u, cbTable[l | u] & 255, share);
        vp[i] = (byte) Stroke.toward(v, crTable[l | v] & 255, share);
      }
    }
  }

  private static void across(float[] map, int row, Resample.Axis ax, float[] out) {
    for (int x = 0; x < out.length; x++) {
      out[x] = Resample.lerpX(map, row, ax, x);
    }
  }

  /**
   * {@link Colormap#level} of a resized value: a float times 255 is exact in double, and adding 0.5
   * rounds only where the sum is far from an integer, so truncating it rounds half up as {@link
   * Math#round} does.
   */
  private static int level(float v) {
    if (!(v > 0)) {
      return 0;
    }
    return v >= 1 ? 255 : (int) (v * 255.0 + 0.5);
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
