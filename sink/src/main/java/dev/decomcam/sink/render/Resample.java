package dev.decomcam.sink.render;

/**
 * Bilinear resizing of a single-channel float map, with pixel centres aligned (OpenCV's {@code
 * INTER_LINEAR} convention) so a 7x7 feature map stretched over a crop keeps each cell centred on
 * the image region it describes.
 */
public final class Resample {
  private Resample() {}

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
    double sx = (double) sw / dw;
    double sy = (double) sh / dh;
    int[] x0 = new int[dw];
    int[] x1 = new int[dw];
    float[] fx = new float[dw];
    for (int x = 0; x < dw; x++) {
      double u = Math.max(0, Math.min(sw - 1, (x + 0.5) * sx - 0.5));
      x0[x] = (int) Math.floor(u);
      x1[x] = Math.min(sw - 1, x0[x] + 1);
      fx[x] = (float) (u - x0[x]);
    }
    for (int y = 0; y < dh; y++) {
      double v = Math.max(0, Math.min(sh - 1, (y + 0.5) * sy - 0.5));
      int y0 = (int) Math.floor(v);
      int y1 = Math.min(sh - 1, y0 + 1);
      float fy = (float) (v - y0);
      int r0 = y0 * sw;
      int r1 = y1 * sw;
      for (int x = 0; x < dw; x++) {
        float top = src[r0 + x0[x]] + (src[r0 + x1[x]] - src[r0 + x0[x]]) * fx[x];
        float bottom = src[r1 + x0[x]] + (src[r1 + x1[x]] - src[r1 + x0[x]]) * fx[x];
        out[y * dw + x] = top + (bottom - top) * fy;
      }
    }
    return out;
  }
}
