package dev.decomcam.sink.render;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bilinear resizing of a single-channel float map, with pixel centres aligned (OpenCV's {@code
 * INTER_LINEAR} convention) so a 7x7 feature map stretched over a crop keeps each cell centred on
 * the image region it describes.
 *
 * <p>{@link #bilinear} resizes a whole map; the renderer, which needs the resized values of only
 * some pixels or one row at a time, computes them with the same {@link Axis} and {@link #at}, so
 * every value it uses is the one {@link #bilinear} would give, to the bit.
 */
public final class Resample {
  private Resample() {}

  /**
   * Where each destination pixel of one axis samples the source: between cells {@code i0[d]} and
   * {@code i1[d]}, at fraction {@code f[d]} of the way (0 where the pixel centre falls outside the
   * outer cell centres, which clamps to the edge cell).
   */
  public record Axis(int[] i0, int[] i1, float[] f) {
    /** The destination size. */
    public int size() {
      return f.length;
    }
  }

  /** Axes made, by source and destination size: the same sizes recur frame after frame. */
  private static final Map<Long, Axis> AXES = new ConcurrentHashMap<>();

  /** Axes kept at most. */
  private static final int MAX_AXES = 256;

  /**
   * The sampling of a source axis of {@code s} cells resized to {@code d} pixels: made once per
   * pair of sizes and shared, not to be written.
   */
  public static Axis axis(int s, int d) {
    Long key = (long) s << 32 | (d & 0xFFFFFFFFL);
    Axis a = AXES.get(key);
    if (a == null) {
      a = sampling(s, d);
      if (AXES.size() >= MAX_AXES) {
        AXES.clear(); // sizes beyond the bound: start over rather than grow
      }
      AXES.put(key, a);
    }
    return a;
  }

  private static Axis sampling(int s, int d) {
    int[] i0 = new int[d];
    int[] i1 = new int[d];
    float[] f = new float[d];
    double scale = (double) s / d;
    for (int x = 0; x < d; x++) {
      double u = Math.max(0, Math.min(s - 1, (x + 0.5) * scale - 0.5));
      i0[x] = (int) Math.floor(u);
      i1[x] = Math.min(s - 1, i0[x] + 1);
      f[x] = (float) (u - i0[x]);
    }
    return new Axis(i0, i1, f);
  }

  /** Resizes the row-major {@code src} ({@code sw x sh}) to {@code dw x dh}. */
  public static float[] bilinear(float[] src, int sw, int sh, int dw, int dh) {
    if (sw <= 0 || sh <= 0 || dw <= 0 || dh <= 0 || src.length != sw * sh) {
      throw new IllegalArgumentException(
          "resize "
              + sw
              + "x"
              + sh
              + " ("
              + src.length
              + " values) to "
              + dw
              + "x"
              + dh
              + ": sizes must be positive and match the data");
    }
    float[] out = new float[dw * dh];
    Axis ax = axis(sw, dw);
    Axis ay = axis(sh, dh);
    for (int y = 0; y < dh; y++) {
      for (int x = 0; x < dw; x++) {
        out[y * dw + x] = at(src, sw, ax, ay, x, y);
      }
    }
    return out;
  }

  /**
   * The resized value at destination pixel ({@code x}, {@code y}) of {@code src} ({@code sw} cells
   * wide) sampled along {@code ax} and {@code ay}.
   */
  public static float at(float[] src, int sw, Axis ax, Axis ay, int x, int y) {
    int r0 = ay.i0[y] * sw;
    int r1 = ay.i1[y] * sw;
    return lerpY(lerpX(src, r0, ax, x), lerpX(src, r1, ax, x), ay.f[y]);
  }

  /** Source row starting at {@code row}, interpolated across at destination column {@code x}. */
  static float lerpX(float[] src, int row, Axis ax, int x) {
    float a = src[row + ax.i0[x]];
    return a + (src[row + ax.i1[x]] - a) * ax.f[x];
  }

  /** Two row values ({@code top}, {@code bottom}) interpolated at fraction {@code fy}. */
  static float lerpY(float top, float bottom, float fy) {
    return top + (bottom - top) * fy;
  }
}
