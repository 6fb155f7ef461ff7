package dev.decomcam.common.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * JPEG encoding with a fixed quality and an optional downscale to a maximum width and height,
 * keeping the aspect ratio. Shared by ingest (frames), the explain-processor (decoding) and the
 * sink (overlays). JPEG keeps frame records at tens of kilobytes, far under Kafka's 1 MB default
 * record size, where raw pixels of a 640x480 frame would already be 900 KB.
 */
public final class JpegCodec {
  private final float quality;
  private final int maxWidth;
  private final int maxHeight;

  /** An encoded image with the size it has after any downscale. */
  public record Encoded(byte[] bytes, int width, int height) {}

  /**
   * @param quality JPEG quality in (0, 1], e.g. 0.85
   * @param maxWidth downscale wider images to this width (0 = no limit)
   * @param maxHeight downscale taller images to this height (0 = no limit)
   */
  public JpegCodec(double quality, int maxWidth, int maxHeight) {
    if (!(quality > 0 && quality <= 1)) {
      throw new IllegalArgumentException(
          "JPEG quality " + quality + ": use a value in (0, 1], e.g. 0.85");
    }
    if (maxWidth < 0 || maxHeight < 0) {
      throw new IllegalArgumentException(
          "max size " + maxWidth + "x" + maxHeight + ": use 0 (no limit) or a positive size");
    }
    this.quality = (float) quality;
    this.maxWidth = maxWidth;
    this.maxHeight = maxHeight;
  }

  public JpegCodec(double quality) {
    this(quality, 0, 0);
  }

  public Encoded encode(BufferedImage image) {
    BufferedImage img = toBgr(scaled(image));
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
    if (!writers.hasNext()) {
      throw new IllegalStateException(
          "no JPEG writer in this JRE: use a full JDK 17 (java.desktop module)");
    }
    ImageWriter w = writers.next();
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
      ImageWriteParam p = w.getDefaultWriteParam();
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionQuality(quality);
      w.setOutput(ios);
      w.write(null, new IIOImage(img, null, null), p);
    } catch (IOException e) {
      throw new IllegalStateException("JPEG encoding failed: " + e.getMessage(), e);
    } finally {
      w.dispose();
    }
    return new Encoded(out.toByteArray(), img.getWidth(), img.getHeight());
  }

  /**
   * Decodes JPEG (or any ImageIO format) bytes; a one-line {@link IllegalArgumentException} when
   * they are not an image.
   */
  public static BufferedImage decode(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      throw new IllegalArgumentException("image bytes are empty: the record carries no image");
    }
    try {
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
      if (img == null) {
        throw new IllegalArgumentException(
            "image bytes (" + bytes.length + ") are not a JPEG or other known image format");
      }
      return img;
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "image bytes (" + bytes.length + ") cannot be decoded: " + e.getMessage(), e);
    }
  }

  BufferedImage scaled(BufferedImage src) {
    int w = src.getWidth();
    int h = src.getHeight();
    double s = 1;
    if (maxWidth > 0 && w > maxWidth) {
      s = Math.min(s, (double) maxWidth / w);
    }
    if (maxHeight > 0 && h > maxHeight) {
      s = Math.min(s, (double) maxHeight / h);
    }
    if (s >= 1) {
      return src;
    }
    int nw = Math.max(1, (int) Math.round(w * s));
    int nh = Math.max(1, (int) Math.round(h * s));
    BufferedImage dst = new BufferedImage(nw, nh, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = dst.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    g.drawImage(src, 0, 0, nw, nh, null);
    g.dispose();
    return dst;
  }

  /** The JPEG writer rejects alpha and some packed types; 3-byte BGR always works. */
  public static BufferedImage toBgr(BufferedImage src) {
    if (src.getType() == BufferedImage.TYPE_3BYTE_BGR) {
      return src;
    }
    BufferedImage dst =
        new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = dst.createGraphics();
    g.drawImage(src, 0, 0, null);
    g.dispose();
    return dst;
  }
}
