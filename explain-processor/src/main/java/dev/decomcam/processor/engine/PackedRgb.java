package dev.decomcam.processor.engine;

import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;

/**
 * An image's pixels as packed 8-bit samples: the sample of band {@code red}, {@code green} or
 * {@code blue} of pixel (x, y) is {@code data[offset + y*scanlineStride + x*pixelStride + band]}.
 * {@link #of} reads a {@link BufferedImage#TYPE_3BYTE_BGR} image (what JPEGs decode to) in place,
 * without a copy; other image types are copied once into packed RGB.
 */
record PackedRgb(
    byte[] data,
    int offset,
    int width,
    int height,
    int pixelStride,
    int scanlineStride,
    int red,
    int green,
    int blue) {

  PackedRgb {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "packed image of " + width + "x" + height + ": width and height must be positive");
    }
    long last =
        offset
            + (long) (height - 1) * scanlineStride
            + (long) (width - 1) * pixelStride
            + Math.max(red, Math.max(green, blue));
    if (offset < 0 || last >= data.length || Math.min(red, Math.min(green, blue)) < 0) {
      throw new IllegalArgumentException(
          "packed image of "
              + width
              + "x"
              + height
              + " reaches byte "
              + last
              + " of "
              + data.length
              + ": check its offset, strides and band offsets");
    }
  }

  /**
   * The sample (0..255) of {@code band} ({@link #red}, {@link #green} or {@link #blue}) at x, y.
   */
  int sample(int x, int y, int band) {
    return data[offset + y * scanlineStride + x * pixelStride + band] & 0xff;
  }

  /** {@code image}'s pixels: its own byte raster when it is 3-byte BGR, else a packed RGB copy. */
  static PackedRgb of(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    Raster raster = image.getRaster();
    int type = image.getType();
    if (type == BufferedImage.TYPE_3BYTE_BGR
        && raster.getDataBuffer() instanceof DataBufferByte db
        && db.getNumBanks() == 1
        && raster.getSampleModel() instanceof ComponentSampleModel sm) {
      // read the bytes where the sample model says they are (a sub-image starts at an offset)
      int[] bo = sm.getBandOffsets();
      int x0 = raster.getMinX() - raster.getSampleModelTranslateX();
      int y0 = raster.getMinY() - raster.getSampleModelTranslateY();
      int ps = sm.getPixelStride();
      int ss = sm.getScanlineStride();
      return new PackedRgb(
          db.getData(), db.getOffset() + y0 * ss + x0 * ps, w, h, ps, ss, bo[0], bo[1], bo[2]);
    }
    byte[] rgb = new byte[3 * w * h];
    if (type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_INT_BGR) {
      // these rasters hold exactly the R, G, B samples, in that band order: read them without
      // getRGB's per-pixel colour-model conversion
      int[] px = raster.getPixels(raster.getMinX(), raster.getMinY(), w, h, (int[]) null);
      for (int i = 0; i < px.length; i++) {
        rgb[i] = (byte) px[i];
      }
    } else {
      int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
      for (int i = 0, j = 0; i < argb.length; i++, j += 3) {
        int v = argb[i];
        rgb[j] = (byte) (v >> 16);
        rgb[j + 1] = (byte) (v >> 8);
        rgb[j + 2] = (byte) v;
      }
    }
    return new PackedRgb(rgb, 0, w, h, 3, 3 * w, 0, 1, 2);
  }
}
