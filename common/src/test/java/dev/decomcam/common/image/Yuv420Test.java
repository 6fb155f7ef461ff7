package dev.decomcam.common.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class Yuv420Test {

  @Test
  void planesAreCheckedAgainstTheSize() {
    assertThrows(IllegalArgumentException.class, () -> new Yuv420(0, 4, new byte[0], null, null));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Yuv420(3, 3, new byte[9], new byte[4], new byte[3]));
    assertTrue(e.getMessage().contains("need 9, 4, 4"), e.getMessage());
    Yuv420 odd = Yuv420.black(5, 3);
    assertEquals(3, odd.chromaWidth());
    assertEquals(2, odd.chromaHeight());
  }

  @Test
  void jfirFormulasOfPrimaries() {
    assertEquals(255, Yuv420.lumaOf(255, 255, 255));
    assertEquals(128, Yuv420.cbOf(255, 255, 255));
    assertEquals(76, Yuv420.lumaOf(255, 0, 0));
    assertEquals(255, Yuv420.crOf(255, 0, 0));
    assertEquals(255, Yuv420.cbOf(0, 0, 255));
  }

  /** The planar decode is the packed decode's source: converting that back gives the same. */
  @Test
  void decodeYuvMatchesTheRgbDecode() {
    BufferedImage img = JpegCodecTest.gradient(66, 38);
    byte[] jpeg = new JpegCodec(0.9).encode(img).bytes();
    Yuv420 yuv = JpegCodec.decodeYuv(ByteBuffer.wrap(jpeg));
    assertEquals(66, yuv.width());
    assertEquals(38, yuv.height());
    BufferedImage rgb = JpegCodec.decode(jpeg);
    Yuv420 back = Yuv420.fromImage(rgb);
    // swscale's RGB repeats chroma: luma survives within rounding, chroma within its smoothing
    assertTrue(maxDiff(yuv.y(), back.y()) <= 3, "luma " + maxDiff(yuv.y(), back.y()));
    assertTrue(meanDiff(yuv.u(), back.u()) <= 2.0, "cb " + meanDiff(yuv.u(), back.u()));
    assertTrue(meanDiff(yuv.v(), back.v()) <= 2.0, "cr " + meanDiff(yuv.v(), back.v()));
  }

  @Test
  void encodeYuvRoundTripsAndSkipsNoPixels() {
    BufferedImage img = JpegCodecTest.gradient(65, 37);
    Yuv420 yuv = Yuv420.fromImage(img);
    JpegCodec codec = new JpegCodec(0.95);
    JpegCodec.Encoded jpeg = codec.encode(yuv);
    assertEquals(65, jpeg.width());
    assertEquals(37, jpeg.height());
    Yuv420 decoded = JpegCodec.decodeYuv(ByteBuffer.wrap(jpeg.bytes()));
    assertTrue(meanDiff(yuv.y(), decoded.y()) < 1.5, "luma " + meanDiff(yuv.y(), decoded.y()));
    assertTrue(meanDiff(yuv.u(), decoded.u()) < 1.5, "cb " + meanDiff(yuv.u(), decoded.u()));
    // the same pixels through the packed path encode to a near-identical JPEG
    BufferedImage viaYuv = JpegCodec.decode(jpeg.bytes());
    BufferedImage viaRgb = JpegCodec.decode(codec.encode(img).bytes());
    assertTrue(meanDiff(bytes(viaYuv), bytes(viaRgb)) < 2.0);
  }

  @Test
  void downscalingCodecsEncodeThroughRgb() {
    Yuv420 yuv = Yuv420.fromImage(JpegCodecTest.gradient(64, 32));
    JpegCodec.Encoded small = new JpegCodec(0.85, 32, 0).encode(yuv);
    assertEquals(32, small.width());
    assertEquals(16, small.height());
  }

  @Test
  void otherFormatsDecodeThroughRgb() throws IOException {
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    BufferedImage img = JpegCodecTest.gradient(10, 6);
    ImageIO.write(img, "png", png);
    Yuv420 yuv = JpegCodec.decodeYuv(ByteBuffer.wrap(png.toByteArray()));
    assertArrayEquals(Yuv420.fromImage(img).y(), yuv.y());
  }

  private static byte[] bytes(BufferedImage img) {
    return ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
  }

  private static int maxDiff(byte[] a, byte[] b) {
    int m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs((a[i] & 255) - (b[i] & 255)));
    }
    return m;
  }

  private static double meanDiff(byte[] a, byte[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += Math.abs((a[i] & 255) - (b[i] & 255));
    }
    return s / a.length;
  }
}
