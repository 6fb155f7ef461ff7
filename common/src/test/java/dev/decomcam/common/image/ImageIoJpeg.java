package dev.decomcam.common.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The ImageIO JPEG path {@link JpegCodec} used before FFmpeg: the reference the tests and the bench
 * compare with.
 */
final class ImageIoJpeg {
  static final Path ROOT = Path.of(System.getProperty("decomcam.root", ".."));
  static final Path PHOTOS = ROOT.resolve("../shared/media/photos");

  private ImageIoJpeg() {}

  static byte[] encode(BufferedImage img, float quality) {
    ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
      ImageWriteParam p = w.getDefaultWriteParam();
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionQuality(quality);
      w.setOutput(ios);
      w.write(null, new IIOImage(JpegCodec.toBgr(img), null, null), p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      w.dispose();
    }
    return out.toByteArray();
  }

  static BufferedImage decode(byte[] bytes) {
    try {
      return ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The shared photos, or none when ../shared is absent. */
  static List<Path> photos() {
    if (!Files.isDirectory(PHOTOS)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(PHOTOS)) {
      return s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Mean absolute difference per channel, {B, G, R}, of two images of one size. */
  static double[] meanAbsDiff(BufferedImage a, BufferedImage b) {
    long[] sum = new long[3];
    int w = a.getWidth();
    int h = a.getHeight();
    int[] pa = a.getRGB(0, 0, w, h, null, 0, w);
    int[] pb = b.getRGB(0, 0, w, h, null, 0, w);
    for (int i = 0; i < pa.length; i++) {
      for (int c = 0; c < 3; c++) {
        sum[c] += Math.abs(((pa[i] >> (8 * c)) & 255) - ((pb[i] >> (8 * c)) & 255));
      }
    }
    double n = (double) w * h;
    return new double[] {sum[0] / n, sum[1] / n, sum[2] / n};
  }

  /**
   * A photo-like 640x480 frame: the first shared photo scaled, or a synthetic scene when ../shared
   * is absent.
   */
  static BufferedImage frame640() {
    List<Path> photos = photos();
    BufferedImage src =
        photos.isEmpty()
            ? JpegCodecTest.gradient(640, 480)
            : decode(read(photos.get(1 % photos.size())));
    BufferedImage dst = new BufferedImage(640, 480, BufferedImage.TYPE_3BYTE_BGR);
    java.awt.Graphics2D g = dst.createGraphics();
    g.setRenderingHint(
        java.awt.RenderingHints.KEY_INTERPOLATION,
        java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(src, 0, 0, 640, 480, null);
    g.dispose();
    return dst;
  }
}
