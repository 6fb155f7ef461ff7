package dev.decomcam.common.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
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
}
