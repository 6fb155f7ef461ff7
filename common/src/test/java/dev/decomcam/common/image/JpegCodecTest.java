package dev.decomcam.common.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;

class JpegCodecTest {
  static BufferedImage gradient(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, ((x * 255 / w) << 16) | ((y * 255 / h) << 8) | 128);
      }
    }
    return img;
  }

  static double meanAbsDiff(BufferedImage a, BufferedImage b) {
    long sum = 0;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        for (int s = 0; s < 24; s += 8) {
          sum += Math.abs(((p >> s) & 255) - ((q >> s) & 255));
        }
      }
    }
    return sum / (3.0 * a.getWidth() * a.getHeight());
  }

  @Test
  void loadingTheNativesAtStartLeavesCodingAsItWas() {
    JpegCodec.loadNatives();
    JpegCodec.loadNatives(); // a service may call it again: nothing is kept between calls
    Yuv420 black = Yuv420.black(64, 48);
    Yuv420 back = JpegCodec.decodeYuv(ByteBuffer.wrap(new JpegCodec(0.9).encode(black).bytes()));
    assertEquals(64, back.width());
    assertEquals(48, back.height());
  }

  @Test
  void roundTripIsCloseAndSmall() {
    BufferedImage img = gradient(640, 480);
    JpegCodec.Encoded enc = new JpegCodec(0.85).encode(img);
    assertEquals(640, enc.width());
    assertEquals(480, enc.height());
    assertTrue(
        enc.bytes().length < 1_000_000 / 10,
        "frame record must be far under 1 MB: " + enc.bytes().length);
    BufferedImage back = JpegCodec.decode(enc.bytes());
    assertEquals(640, back.getWidth());
    assertTrue(meanAbsDiff(img, back) < 3, "mean error " + meanAbsDiff(img, back));
  }

  @Test
  void lowerQualityIsSmaller() {
    BufferedImage img = gradient(320, 240);
    assertTrue(
        new JpegCodec(0.3).encode(img).bytes().length
            < new JpegCodec(0.95).encode(img).bytes().length);
  }

  @Test
  void downscalesKeepingAspect() {
    JpegCodec.Encoded enc = new JpegCodec(0.85, 320, 0).encode(gradient(640, 480));
    assertEquals(320, enc.width());
    assertEquals(240, enc.height());
    BufferedImage back = JpegCodec.decode(enc.bytes());
    assertEquals(240, back.getHeight());
    JpegCodec.Encoded byHeight = new JpegCodec(0.85, 1000, 120).encode(gradient(640, 480));
    assertEquals(160, byHeight.width());
  }

  @Test
  void encodedSizeIsTheSizeEncodeGives() {
    JpegCodec codec = new JpegCodec(0.85, 427, 300);
    for (int[] wh : new int[][] {{640, 480}, {1920, 1080}, {853, 479}, {300, 200}, {5, 999}}) {
      JpegCodec.Encoded enc = codec.encode(gradient(wh[0], wh[1]));
      java.awt.Dimension d = codec.encodedSize(wh[0], wh[1]);
      assertEquals(enc.width(), d.width, wh[0] + "x" + wh[1]);
      assertEquals(enc.height(), d.height, wh[0] + "x" + wh[1]);
    }
    assertEquals(new java.awt.Dimension(640, 480), new JpegCodec(0.85).encodedSize(640, 480));
  }

  @Test
  void encodesImagesWithAlpha() {
    BufferedImage argb = new BufferedImage(64, 48, BufferedImage.TYPE_INT_ARGB);
    assertEquals(48, JpegCodec.decode(new JpegCodec(0.85).encode(argb).bytes()).getHeight());
  }

  @Test
  void garbageIsOneLineError() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> JpegCodec.decode(new byte[] {1, 2, 3, 4, 5}));
    assertTrue(e.getMessage().contains("not a JPEG"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new JpegCodec(1.5));
  }

  @Test
  void decodesThePhotosLikeImageIo() {
    List<Path> photos = ImageIoJpeg.photos();
    assumeFalse(photos.isEmpty(), "../shared/media/photos not present");
    for (Path p : photos) {
      byte[] bytes = ImageIoJpeg.read(p);
      BufferedImage ff = JpegCodec.decode(bytes);
      BufferedImage io = ImageIoJpeg.decode(bytes);
      assertEquals(BufferedImage.TYPE_3BYTE_BGR, ff.getType());
      assertEquals(io.getWidth(), ff.getWidth());
      assertEquals(io.getHeight(), ff.getHeight());
      double[] d = ImageIoJpeg.meanAbsDiff(io, ff);
      for (double c : d) {
        assertTrue(
            c < 2.5,
            p.getFileName()
                + ": mean |FFmpeg - ImageIO| per channel (B, G, R) "
                + java.util.Arrays.toString(d));
      }
    }
  }

  @Test
  void roundTripsPhotosWithinImageIosErrorAndSize() {
    List<Path> photos = ImageIoJpeg.photos();
    assumeFalse(photos.isEmpty(), "../shared/media/photos not present");
    JpegCodec codec = new JpegCodec(0.85);
    for (Path p : photos) {
      BufferedImage src = ImageIoJpeg.decode(ImageIoJpeg.read(p));
      byte[] ff = codec.encode(src).bytes();
      byte[] io = ImageIoJpeg.encode(src, 0.85f);
      double ratio = (double) ff.length / io.length;
      assertTrue(
          ratio > 0.7 && ratio < 1.3,
          p.getFileName()
              + ": FFmpeg "
              + ff.length
              + " B, ImageIO "
              + io.length
              + " B at quality 0.85");
      double[] errFf = ImageIoJpeg.meanAbsDiff(src, JpegCodec.decode(ff));
      double[] errIo = ImageIoJpeg.meanAbsDiff(src, ImageIoJpeg.decode(io));
      for (int c = 0; c < 3; c++) {
        assertTrue(
            errFf[c] < errIo[c] * 1.5 + 0.5,
            p.getFileName()
                + " channel "
                + c
                + ": round-trip error FFmpeg "
                + errFf[c]
                + ", ImageIO "
                + errIo[c]);
      }
    }
  }

  @Test
  void higherQualityMeansLargerFilesAndSmallerErrors() {
    BufferedImage img = ImageIoJpeg.frame640();
    int prevSize = 0;
    double prevErr = Double.MAX_VALUE;
    for (double q : new double[] {0.1, 0.5, 0.75, 0.85, 0.95, 1.0}) {
      byte[] jpeg = new JpegCodec(q).encode(img).bytes();
      double[] d = ImageIoJpeg.meanAbsDiff(img, JpegCodec.decode(jpeg));
      double err = d[0] + d[1] + d[2];
      assertTrue(
          jpeg.length > prevSize && err < prevErr,
          "quality " + q + ": " + jpeg.length + " B, error " + err);
      prevSize = jpeg.length;
      prevErr = err;
    }
  }

  @Test
  void decodesGrayProgressiveAndOddSizedJpegs() throws IOException {
    BufferedImage gray = new BufferedImage(61, 37, BufferedImage.TYPE_BYTE_GRAY);
    gray.getGraphics().drawImage(gradient(61, 37), 0, 0, null);
    byte[] grayJpeg = ImageIoJpeg.encode(gray, 0.9f);
    assertTrue(
        ImageIoJpeg.meanAbsDiff(ImageIoJpeg.decode(grayJpeg), JpegCodec.decode(grayJpeg))[1] < 1.5);

    BufferedImage img = ImageIoJpeg.frame640();
    byte[] progressive = progressive(img);
    BufferedImage back = JpegCodec.decode(progressive);
    assertTrue(ImageIoJpeg.meanAbsDiff(ImageIoJpeg.decode(progressive), back)[1] < 2.5);

    BufferedImage odd = gradient(33, 17);
    // odd sides: every column and row comes back, as close as ImageIO's JPEG of it comes
    double oddError = meanAbsDiff(odd, JpegCodec.decode(new JpegCodec(0.95).encode(odd).bytes()));
    double imageIoError = meanAbsDiff(odd, JpegCodec.decode(ImageIoJpeg.encode(odd, 0.95f)));
    assertTrue(
        oddError < imageIoError + 0.5,
        "33x17 round trip error " + oddError + ", ImageIO's " + imageIoError);
  }

  /**
   * A planar image is encoded with the colours it has (JFIF full range, not video range) and its
   * chroma blocks where they are, at even and odd sizes, about as closely as the same image given
   * as RGB (a video-range conversion would be off by several levels on every pixel).
   */
  @Test
  void planarImagesKeepTheirColours() {
    for (BufferedImage img :
        new BufferedImage[] {
          ImageIoJpeg.frame640(), gradient(33, 17), gradient(64, 48), gradient(64, 47)
        }) {
      JpegCodec codec = new JpegCodec(0.9);
      double viaRgb = meanAbsDiff(img, JpegCodec.decode(codec.encode(img).bytes()));
      double viaYuv =
          meanAbsDiff(img, JpegCodec.decode(codec.encode(Yuv420.fromImage(img)).bytes()));
      // swscale's fast converter rounds a little differently from libjpeg's: within a quarter
      assertTrue(
          viaYuv < viaRgb * 1.25 + 0.5,
          img.getWidth() + "x" + img.getHeight() + ": planar " + viaYuv + ", RGB " + viaRgb);
    }
  }

  @Test
  void stillDecodesPngAndGifThroughImageIo() throws IOException {
    BufferedImage img = gradient(40, 30);
    for (String format : new String[] {"png", "gif", "bmp"}) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertTrue(ImageIO.write(img, format, out), format);
      BufferedImage back = JpegCodec.decode(out.toByteArray());
      assertEquals(40, back.getWidth(), format);
      assertEquals(30, back.getHeight(), format);
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(img, "png", png);
    assertEquals(0, meanAbsDiff(img, JpegCodec.decode(png.toByteArray())));
  }

  @Test
  void refusesAHugePngFromItsHeader() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(gradient(8, 8), "png", out);
    byte[] png = out.toByteArray();
    // IHDR: length (4) at 8, type at 12, width at 16, height at 20, CRC over type + data at 29
    ByteBuffer.wrap(png, 16, 8).putInt(60000).putInt(60000);
    CRC32 crc = new CRC32();
    crc.update(png, 12, 17);
    ByteBuffer.wrap(png, 29, 4).putInt((int) crc.getValue());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> JpegCodec.decode(png));
    assertTrue(
        e.getMessage().contains("PNG image of 60000x60000")
            && e.getMessage().contains("pixel limit"),
        e.getMessage());
  }

  @Test
  void hostileBytesAreOneLineErrors() throws IOException {
    byte[] jpeg = new JpegCodec(0.85).encode(gradient(64, 48)).bytes();
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(gradient(64, 48), "png", png);
    Random rnd = new Random(7);
    byte[] random = new byte[5000];
    rnd.nextBytes(random);
    byte[] randomAfterSoi = random.clone();
    randomAfterSoi[0] = (byte) 0xFF;
    randomAfterSoi[1] = (byte) 0xD8;
    randomAfterSoi[2] = (byte) 0xFF;
    byte[] truncatedPng = java.util.Arrays.copyOf(png.toByteArray(), png.size() / 2);
    byte[][] hostile = {
      new byte[0],
      new byte[1000],
      random,
      randomAfterSoi,
      java.util.Arrays.copyOf(jpeg, jpeg.length / 2),
      java.util.Arrays.copyOf(jpeg, jpeg.length - 2),
      truncatedPng,
      {(byte) 0xFF, (byte) 0xD8}
    };
    for (byte[] bytes : hostile) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> JpegCodec.decode(bytes),
              bytes.length + " bytes");
      JpegHeaderTest.assertOneLine(e);
    }
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> JpegCodec.decode(java.util.Arrays.copyOf(jpeg, jpeg.length - 2)))
            .getMessage()
            .contains("truncated"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> JpegCodec.decode(new byte[0]))
            .getMessage()
            .contains("empty"));
    assertThrows(IllegalArgumentException.class, () -> JpegCodec.decode((byte[]) null));
  }

  /**
   * Truncated at, and damaged in, random places: decoded or refused in one line, never another
   * failure.
   */
  @Test
  void damagedJpegsDecodeOrAreRefusedInOneLine() {
    byte[] jpeg = new JpegCodec(0.85).encode(ImageIoJpeg.frame640()).bytes();
    Random rnd = new Random(11);
    int refused = 0;
    for (int i = 0; i < 300; i++) {
      byte[] bad =
          i % 2 == 0 ? java.util.Arrays.copyOf(jpeg, rnd.nextInt(jpeg.length)) : jpeg.clone();
      if (i % 2 == 1) {
        for (int k = 0; k < 1 + rnd.nextInt(8); k++) {
          bad[rnd.nextInt(Math.min(bad.length, i < 150 ? 700 : bad.length))] =
              (byte) rnd.nextInt(256);
        }
      }
      try {
        BufferedImage img = JpegCodec.decode(bad);
        assertTrue(img.getWidth() * (long) img.getHeight() <= PixelLimit.DEFAULT.maxPixels());
      } catch (IllegalArgumentException e) {
        JpegHeaderTest.assertOneLine(e);
        refused++;
      }
    }
    assertTrue(refused >= 150, "every truncated JPEG is refused: " + refused);
    // and the thread's decoder still works
    assertEquals(640, JpegCodec.decode(jpeg).getWidth());
  }

  static byte[] progressive(BufferedImage img) throws IOException {
    ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
      ImageWriteParam p = w.getDefaultWriteParam();
      p.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
      w.setOutput(ios);
      w.write(null, new IIOImage(img, null, null), p);
    } finally {
      w.dispose();
    }
    return out.toByteArray();
  }
}
