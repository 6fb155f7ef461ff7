package dev.decomcam.common.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class JpegHeaderTest {

  /**
   * SOI, a baseline SOF0 claiming {@code w}x{@code h} with 3 components, an SOS with 4 bytes of
   * data, EOI.
   */
  static byte[] crafted(int w, int h) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD8});
    out.writeBytes(
        new byte[] {
          (byte) 0xFF,
          (byte) 0xC0,
          0,
          17,
          8,
          (byte) (h >> 8),
          (byte) h,
          (byte) (w >> 8),
          (byte) w,
          3,
          1,
          0x22,
          0,
          2,
          0x11,
          1,
          3,
          0x11,
          1
        });
    out.writeBytes(
        new byte[] {(byte) 0xFF, (byte) 0xDA, 0, 12, 3, 1, 0, 2, 0x11, 3, 0x11, 0, 63, 0});
    out.writeBytes(new byte[] {0x12, 0x34, (byte) 0xFF, 0x00, (byte) 0xFF, (byte) 0xD9});
    return out.toByteArray();
  }

  static void assertOneLine(IllegalArgumentException e) {
    assertTrue(
        e.getMessage() != null && !e.getMessage().isBlank() && e.getMessage().indexOf('\n') < 0,
        "one-line message: " + e.getMessage());
  }

  /** {@code jpeg} cut anywhere from {@code from} on is refused with a one-line message. */
  static void assertRefusedCut(byte[] jpeg, int from) {
    for (int cut = from; cut < jpeg.length; cut++) {
      byte[] part = Arrays.copyOf(jpeg, cut);
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> JpegHeader.read(part, PixelLimit.DEFAULT),
              "cut at " + cut);
      assertOneLine(e);
    }
  }

  @Test
  void readsTheFrameSizeOfAWholeJpeg() {
    JpegHeader h = JpegHeader.read(crafted(640, 480), PixelLimit.DEFAULT);
    assertEquals(new JpegHeader(640, 480, 3, 8), h);
    JpegCodec.Encoded enc = new JpegCodec(0.85).encode(JpegCodecTest.gradient(33, 17));
    assertEquals(new JpegHeader(33, 17, 3, 8), JpegHeader.read(enc.bytes(), PixelLimit.DEFAULT));
  }

  @Test
  void refusesAHugeFrameFromItsHeaderAlone() {
    byte[] huge = crafted(60000, 60000);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> JpegHeader.read(huge, PixelLimit.DEFAULT));
    assertOneLine(e);
    assertTrue(
        e.getMessage().contains("60000x60000") && e.getMessage().contains("40.0 Mpx pixel limit"),
        e.getMessage());
    // refused as soon as the SOF is read: the bytes after it may as well be missing
    byte[] headerOnly = Arrays.copyOf(huge, 2 + 19);
    e =
        assertThrows(
            IllegalArgumentException.class, () -> JpegHeader.read(headerOnly, PixelLimit.DEFAULT));
    assertTrue(e.getMessage().contains("pixel limit"), e.getMessage());
    // and by the codec, before the decoder allocates anything for the frame
    e = assertThrows(IllegalArgumentException.class, () -> JpegCodec.decode(huge));
    assertTrue(e.getMessage().contains("pixel limit"), e.getMessage());
    // a limit of the caller's choosing
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> JpegHeader.read(crafted(640, 480), new PixelLimit(640 * 479)))
            .getMessage()
            .contains("0.3 Mpx"));
    assertEquals(640, JpegHeader.read(crafted(640, 480), new PixelLimit(640 * 480)).width());
    assertThrows(IllegalArgumentException.class, () -> new PixelLimit(0));
  }

  /** {@link #crafted} with {@code data} as its scan data. */
  static byte[] craftedWithScan(byte[] data) {
    byte[] head = crafted(64, 48);
    int scanStart = head.length - 6;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(head, 0, scanStart);
    out.writeBytes(data);
    out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD9});
    return out.toByteArray();
  }

  @Test
  void findsTheScansEndPastStuffedBytesAndRestartMarkersAtEveryAlignment() {
    // FF 00 (a stuffed FF), a restart marker and fill bytes (FF FF D0) are scan data, wherever they
    // fall in the eight bytes read at a time
    byte[][] inScan = {
      {(byte) 0xFF, 0x00}, {(byte) 0xFF, (byte) 0xD3}, {(byte) 0xFF, (byte) 0xFF, (byte) 0xD7}
    };
    for (byte[] special : inScan) {
      for (int before = 0; before < 20; before++) {
        for (int after = 0; after < 12; after++) {
          byte[] data = new byte[before + special.length + after];
          for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (0x11 * (i % 15)); // never FF (0x11 * 15 = FF is left out)
          }
          System.arraycopy(special, 0, data, before, special.length);
          byte[] jpeg = craftedWithScan(data);
          assertEquals(64, JpegHeader.read(jpeg, PixelLimit.DEFAULT).width());
          // without the EOI, or cut inside the data, it is truncated
          assertRefusedCut(jpeg, jpeg.length - 2 - data.length);
        }
      }
    }
  }

  @Test
  void refusesWhatIsNotAWholeJpeg() {
    byte[] ok = crafted(64, 48);
    assertRefusedCut(ok, 0);
    byte[] zeroWidth = crafted(0, 48);
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> JpegHeader.read(zeroWidth, PixelLimit.DEFAULT))
            .getMessage()
            .contains("positive width and height"));
    byte[] noScan = Arrays.copyOf(ok, 2 + 19 + 2);
    noScan[noScan.length - 2] = (byte) 0xFF;
    noScan[noScan.length - 1] = (byte) 0xD9;
    assertTrue(
        assertThrows(
                IllegalArgumentException.class, () -> JpegHeader.read(noScan, PixelLimit.DEFAULT))
            .getMessage()
            .contains("before any scan"));
    assertFalse(JpegHeader.isJpeg(new byte[] {(byte) 0x89, 'P', 'N', 'G'}));
    assertFalse(JpegHeader.isJpeg(new byte[0]));
  }
}
