package dev.decomcam.ops.train;

import java.awt.image.BufferedImage;

/**
 * Turns images into the model's input layout: stretched to the input size, RGB, channel-first,
 * scaled to [0, 1] and normalised with the spec's mean and std.
 *
 * <p>Bilinear resizing uses half-pixel centres without antialiasing, as torch's {@code
 * interpolate(mode="bilinear", align_corners=False)} and OpenCV's {@code INTER_LINEAR} do, so
 * inference code built on either sees the same pixels the model was trained on. Area resizing (box
 * averaging) is offered as training augmentation for callers that downscale differently.
 */
public final class ImageTensors {

  /** Per-channel mean of the [0, 1] input, RGB. */
  public static final float[] MEAN = {0.5f, 0.5f, 0.5f};

  /** Per-channel standard deviation of the [0, 1] input, RGB. */
  public static final float[] STD = {0.25f, 0.25f, 0.25f};

  /** How an image is brought to the input size. */
  public enum Resize {
    BILINEAR,
    AREA
  }

  private ImageTensors() {}

  /** RGB bytes, channel-first ([3][h][w]), of {@code img} stretched to w×h. */
  public static byte[] chw(BufferedImage img, int w, int h, Resize resize) {
    int sw = img.getWidth();
    int sh = img.getHeight();
    int[] src = img.getRGB(0, 0, sw, sh, null, 0, sw);
    byte[] out = new byte[3 * w * h];
    double fx = (double) sw / w;
    double fy = (double) sh / h;
    int plane = w * h;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int rgb =
            resize == Resize.BILINEAR
                ? bilinear(src, sw, sh, (x + 0.5) * fx - 0.5, (y + 0.5) * fy - 0.5)
                : area(src, sw, sh, x * fx, y * fy, fx, fy);
        int i = y * w + x;
        out[i] = (byte) (rgb >> 16);
        out[plane + i] = (byte) (rgb >> 8);
        out[2 * plane + i] = (byte) rgb;
      }
    }
    return out;
  }

  /** Normalises channel-first RGB bytes into {@code dst} at {@code offset}. */
  public static void normalise(byte[] chw, float[] dst, int offset) {
    int plane = chw.length / 3;
    for (int c = 0; c < 3; c++) {
      float scale = 1f / (255f * STD[c]);
      float shift = MEAN[c] / STD[c];
      for (int i = 0; i < plane; i++) {
        int k = c * plane + i;
        dst[offset + k] = (chw[k] & 255) * scale - shift;
      }
    }
  }

  /** The model input for one image: [3][INPUT_SIZE][INPUT_SIZE], bilinear, normalised. */
  public static float[] input(BufferedImage img) {
    byte[] chw = chw(img, DemoNet.INPUT_SIZE, DemoNet.INPUT_SIZE, Resize.BILINEAR);
    float[] out = new float[chw.length];
    normalise(chw, out, 0);
    return out;
  }

  private static int bilinear(int[] src, int sw, int sh, double sx, double sy) {
    sx = Math.max(0, Math.min(sw - 1, sx));
    sy = Math.max(0, Math.min(sh - 1, sy));
    int x0 = (int) sx;
    int y0 = (int) sy;
    int x1 = Math.min(x0 + 1, sw - 1);
    int y1 = Math.min(y0 + 1, sh - 1);
    double ax = sx - x0;
    double ay = sy - y0;
    int p00 = src[y0 * sw + x0];
    int p01 = src[y0 * sw + x1];
    int p10 = src[y1 * sw + x0];
    int p11 = src[y1 * sw + x1];
    int rgb = 0;
    for (int shift = 16; shift >= 0; shift -= 8) {
      double top = ((p00 >> shift) & 255) * (1 - ax) + ((p01 >> shift) & 255) * ax;
      double bottom = ((p10 >> shift) & 255) * (1 - ax) + ((p11 >> shift) & 255) * ax;
      int v = (int) Math.round(top * (1 - ay) + bottom * ay);
      rgb |= v << shift;
    }
    return rgb;
  }

  private static int area(int[] src, int sw, int sh, double x0, double y0, double fw, double fh) {
    int xa = (int) Math.floor(x0);
    int ya = (int) Math.floor(y0);
    int xb = Math.min(sw, (int) Math.ceil(x0 + fw));
    int yb = Math.min(sh, (int) Math.ceil(y0 + fh));
    double r = 0;
    double g = 0;
    double b = 0;
    double total = 0;
    for (int y = ya; y < yb; y++) {
      double wy = Math.min(y + 1, y0 + fh) - Math.max(y, y0);
      for (int x = xa; x < xb; x++) {
        double wgt = wy * (Math.min(x + 1, x0 + fw) - Math.max(x, x0));
        int p = src[y * sw + x];
        r += ((p >> 16) & 255) * wgt;
        g += ((p >> 8) & 255) * wgt;
        b += (p & 255) * wgt;
        total += wgt;
      }
    }
    return ((int) Math.round(r / total) << 16)
        | ((int) Math.round(g / total) << 8)
        | (int) Math.round(b / total);
  }
}
