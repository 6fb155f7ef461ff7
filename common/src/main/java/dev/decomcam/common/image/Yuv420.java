package dev.decomcam.common.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * An 8-bit planar YUV 4:2:0 image in JPEG's full-range BT.601 YCbCr (JFIF): a luma plane of {@code
 * width x height} bytes and two chroma planes of {@link #chromaWidth()} x {@link #chromaHeight()},
 * rows back to back. It is what a camera JPEG holds, so decoding to it and encoding from it skip
 * the two colour conversions a packed RGB image costs ({@link JpegCodec#decodeYuv}, {@link
 * JpegCodec#encode(Yuv420)}); code that draws on video frames can draw in it directly.
 *
 * <p>The planes are the caller's to read and write; the image does not copy them.
 */
public final class Yuv420 {
  private final int width;
  private final int height;
  private final byte[] y;
  private final byte[] u;
  private final byte[] v;

  /** Wraps planes of the sizes above; a one-line {@link IllegalArgumentException} otherwise. */
  public Yuv420(int width, int height, byte[] y, byte[] u, byte[] v) {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException(
          "YUV 4:2:0 image of " + width + "x" + height + ": use a positive size");
    }
    int cw = (width + 1) / 2;
    int ch = (height + 1) / 2;
    if (y == null
        || u == null
        || v == null
        || y.length != width * height
        || u.length != cw * ch
        || v.length != cw * ch) {
      throw new IllegalArgumentException(
          "YUV 4:2:0 planes of "
              + (y == null ? "-" : y.length)
              + ", "
              + (u == null ? "-" : u.length)
              + ", "
              + (v == null ? "-" : v.length)
              + " bytes for "
              + width
              + "x"
              + height
              + ": need "
              + width * height
              + ", "
              + cw * ch
              + ", "
              + cw * ch);
    }
    this.width = width;
    this.height = height;
    this.y = y;
    this.u = u;
    this.v = v;
  }

  /** A new black image (Y 0, U and V 128). */
  public static Yuv420 black(int width, int height) {
    int cw = (width + 1) / 2;
    int ch = (height + 1) / 2;
    byte[] u = new byte[Math.max(0, cw * ch)];
    byte[] v = new byte[u.length];
    java.util.Arrays.fill(u, (byte) 128);
    java.util.Arrays.fill(v, (byte) 128);
    return new Yuv420(width, height, new byte[Math.max(0, width * height)], u, v);
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  public int chromaWidth() {
    return (width + 1) / 2;
  }

  public int chromaHeight() {
    return (height + 1) / 2;
  }

  /** Luma, {@code width} bytes a row. */
  public byte[] y() {
    return y;
  }

  /** Cb, {@link #chromaWidth()} bytes a row. */
  public byte[] u() {
    return u;
  }

  /** Cr, {@link #chromaWidth()} bytes a row. */
  public byte[] v() {
    return v;
  }

  /** Luma level of an RGB colour (JFIF), rounded. */
  public static int lumaOf(int r, int g, int b) {
    return clamp(0.299 * r + 0.587 * g + 0.114 * b);
  }

  /** Cb level of an RGB colour (JFIF), rounded. */
  public static int cbOf(int r, int g, int b) {
    return clamp(128 - 0.168736 * r - 0.331264 * g + 0.5 * b);
  }

  /** Cr level of an RGB colour (JFIF), rounded. */
  public static int crOf(int r, int g, int b) {
    return clamp(128 + 0.5 * r - 0.418688 * g - 0.081312 * b);
  }

  /**
   * Any image converted in Java (JFIF formulas, chroma averaged over each 2x2 block as libjpeg
   * does): the path for images that do not come from a JPEG, not for video rates.
   */
  public static Yuv420 fromImage(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    Yuv420 out = black(w, h);
    int cw = out.chromaWidth();
    double[] cb = new double[out.u.length];
    double[] cr = new double[out.v.length];
    int[] count = new int[out.u.length];
    int[] row = new int[w];
    for (int j = 0; j < h; j++) {
      image.getRGB(0, j, w, 1, row, 0, w);
      for (int i = 0; i < w; i++) {
        int r = (row[i] >> 16) & 255;
        int g = (row[i] >> 8) & 255;
        int b = row[i] & 255;
        out.y[j * w + i] = (byte) lumaOf(r, g, b);
        int c = (j / 2) * cw + i / 2;
        cb[c] += 128 - 0.168736 * r - 0.331264 * g + 0.5 * b;
        cr[c] += 128 + 0.5 * r - 0.418688 * g - 0.081312 * b;
        count[c]++;
      }
    }
    for (int c = 0; c < cb.length; c++) {
      out.u[c] = (byte) clamp(cb[c] / count[c]);
      out.v[c] = (byte) clamp(cr[c] / count[c]);
    }
    return out;
  }

  /**
   * This image as a {@link BufferedImage#TYPE_3BYTE_BGR} image, converted in Java (each chroma
   * sample repeated over the pixels it covers); for tests and images off the video path.
   */
  public BufferedImage toImage() {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    byte[] px = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    int cw = chromaWidth();
    for (int j = 0; j < height; j++) {
      for (int i = 0; i < width; i++) {
        int c = (j / 2) * cw + i / 2;
        double l = y[j * width + i] & 255;
        double cbv = (u[c] & 255) - 128;
        double crv = (v[c] & 255) - 128;
        int p = (j * width + i) * 3;
        px[p] = (byte) clamp(l + 1.772 * cbv);
        px[p + 1] = (byte) clamp(l - 0.344136 * cbv - 0.714136 * crv);
        px[p + 2] = (byte) clamp(l + 1.402 * crv);
      }
    }
    return img;
  }

  private static int clamp(double x) {
    long r = Math.round(x);
    return (int) Math.max(0, Math.min(255, r));
  }
}
