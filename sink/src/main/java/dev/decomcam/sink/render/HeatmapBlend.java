package dev.decomcam.sink.render;

import java.awt.Rectangle;

/**
 * Blends a saliency map in the {@link Colormap#turbo Turbo} colormap over a region of a BGR raster:
 * {@code round((1 - alpha) * frame + alpha * turbo)} per channel, the map resized bilinearly to the
 * region ({@link Resample}).
 *
 * <p>Made for video rates: the map is resized one destination row at a time from two source rows
 * interpolated across once each (not into a full-resolution float map), each value goes straight to
 * its Turbo level, and the blend of every level with every frame value is looked up in a table
 * built once per alpha, so a pixel costs a few array reads. The levels and blended bytes are those
 * of resizing the whole map with {@link Resample#bilinear}, {@link Colormap#turbo} and the blend in
 * doubles, exactly.
 */
final class HeatmapBlend {
  private final double alpha;

  /** Blended channel value at {@code (turboValue << 8) | frameValue}. */
  private final byte[] table = new byte[256 * 256];

  /** Turbo colour of each level, each channel shifted to be a {@link #table} row, B, G, R. */
  private final int[] turboB = new int[256];

  private final int[] turboG = new int[256];
  private final int[] turboR = new int[256];

  HeatmapBlend(double alpha) {
    this.alpha = alpha;
    double b = 1 - alpha;
    for (int t = 0; t < 256; t++) {
      for (int p = 0; p < 256; p++) {
        table[t << 8 | p] = (byte) Math.round(b * p + alpha * t);
      }
    }
    for (int level = 0; level < 256; level++) {
      int c = Colormap.turboLevel(level);
      turboB[level] = (c & 255) << 8;
      turboG[level] = ((c >> 8) & 255) << 8;
      turboR[level] = ((c >> 16) & 255) << 8;
    }
  }

  /**
   * Blends {@code map} ({@code sw x sh} values in [0,1]) over {@code crop}, shifted down by {@code
   * dy} rows, of the 3-byte BGR raster {@code px} with rows of {@code stride} bytes.
   */
  void blend(byte[] px, int stride, Rectangle crop, int dy, float[] map, int sw, int sh) {
    if (alpha == 0) {
      return; // round(1 * frame + 0) leaves every pixel as it is
    }
    int w = crop.width;
    Resample.Axis ax = Resample.axis(sw, w);
    Resample.Axis ay = Resample.axis(sh, crop.height);
    // the map's source rows interpolated across, for the two rows the current output row needs
    float[] top = new float[w];
    float[] bottom = new float[w];
    int srcA = -1;
    int srcB = -1;
    for (int y = 0; y < crop.height; y++) {
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
      int i = (crop.y + y + dy) * stride + crop.x * 3;
      for (int x = 0; x < w; x++, i += 3) {
        int l = level(Resample.lerpY(top[x], bottom[x], fy));
        px[i] = table[turboB[l] | (px[i] & 255)];
        px[i + 1] = table[turboG[l] | (px[i + 1] & 255)];
        px[i + 2] = table[turboR[l] | (px[i + 2] & 255)];
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
    return (int) (Math.min(1, (double) v) * 255 + 0.5);
  }
}
