package dev.decomcam.common.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

class MjpegCodecTest {

  @Test
  void decoderRefusesOtherFormatsItself() throws IOException {
    try (MjpegDecoder d = new MjpegDecoder()) {
      for (String format : new String[] {"png", "gif"}) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(JpegCodecTest.gradient(16, 16), format, out);
        IllegalArgumentException e =
            assertThrows(
                IllegalArgumentException.class,
                () -> d.decode(out.toByteArray(), PixelLimit.DEFAULT));
        assertTrue(e.getMessage().contains("not a JPEG"), e.getMessage());
      }
    }
  }

  @Test
  void closedCodecsSayWhatToDo() {
    byte[] jpeg = new JpegCodec(0.85).encode(JpegCodecTest.gradient(16, 16)).bytes();
    MjpegDecoder d = new MjpegDecoder();
    assertEquals(16, d.decode(jpeg, PixelLimit.DEFAULT).getWidth());
    d.close();
    d.close();
    assertTrue(
        assertThrows(IllegalStateException.class, () -> d.decode(jpeg, PixelLimit.DEFAULT))
            .getMessage()
            .contains("closed"));
    TurboJpegEncoder e = new TurboJpegEncoder();
    e.close();
    assertThrows(IllegalStateException.class, () -> e.encode(JpegCodecTest.gradient(16, 16), 0.85));
    try (TurboJpegEncoder open = new TurboJpegEncoder()) {
      assertThrows(
          IllegalArgumentException.class, () -> open.encode(JpegCodecTest.gradient(16, 16), 0));
    }
  }

  /** The quantisation tables written at a quality are ImageIO's at that quality. */
  @Test
  void qualityTablesAreImageIos() {
    BufferedImage frame = JpegCodecTest.gradient(64, 48);
    try (TurboJpegEncoder e = new TurboJpegEncoder()) {
      for (float q : new float[] {0.3f, 0.5f, 0.85f, 0.95f, 1f}) {
        List<int[]> ours = quantisationTables(e.encode(frame, q));
        List<int[]> imageIo = quantisationTables(ImageIoJpeg.encode(frame, q));
        assertEquals(2, ours.size(), "luma and chroma tables at " + q);
        assertEquals(imageIo.size(), ours.size());
        for (int t = 0; t < ours.size(); t++) {
          // libjpeg scales in integers (percent), ImageIO in floats: an entry may round apart
          for (int k = 0; k < 64; k++) {
            assertTrue(
                Math.abs(imageIo.get(t)[k] - ours.get(t)[k]) <= 1,
                "table " + t + " entry " + k + " at quality " + q);
          }
        }
      }
      // libjpeg's scaling: Annex K's first luma entry 16 times 0.3 at 0.85
      assertEquals(5, quantisationTables(e.encode(frame, 0.85)).get(0)[0]);
    }
  }

  /** The 8-bit quantisation tables of a JPEG's DQT segments, by table id (zigzag order). */
  static List<int[]> quantisationTables(byte[] jpeg) {
    int[][] byId = new int[4][];
    int i = 2;
    while (i + 4 <= jpeg.length && (jpeg[i] & 0xFF) == 0xFF) {
      int marker = jpeg[i + 1] & 0xFF;
      int length = (jpeg[i + 2] & 0xFF) << 8 | (jpeg[i + 3] & 0xFF);
      if (marker == 0xDA) {
        break; // start of scan: the tables come before it
      }
      if (marker == 0xDB) {
        for (int at = i + 4; at < i + 2 + length; at += 65) {
          int[] table = new int[64];
          for (int k = 0; k < 64; k++) {
            table[k] = jpeg[at + 1 + k] & 0xFF;
          }
          byId[jpeg[at] & 0x0F] = table;
        }
      }
      i += 2 + length;
    }
    List<int[]> tables = new ArrayList<>();
    for (int[] t : byId) {
      if (t != null) {
        tables.add(t);
      }
    }
    return tables;
  }

  @Test
  void encodesSubimagesAndOtherTypes() {
    BufferedImage big = JpegCodecTest.gradient(200, 100);
    BufferedImage sub = big.getSubimage(50, 20, 64, 48);
    try (TurboJpegEncoder e = new TurboJpegEncoder();
        MjpegDecoder d = new MjpegDecoder()) {
      BufferedImage back = d.decode(e.encode(sub, 0.95), PixelLimit.DEFAULT);
      assertTrue(
          JpegCodecTest.meanAbsDiff(sub, back) < 3,
          "subimage: " + JpegCodecTest.meanAbsDiff(sub, back));
      BufferedImage rgb = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
      rgb.getGraphics().drawImage(sub, 0, 0, null);
      assertTrue(
          JpegCodecTest.meanAbsDiff(rgb, d.decode(e.encode(rgb, 0.95), PixelLimit.DEFAULT)) < 3);
      // sizes change from call to call on one encoder and one decoder
      for (int w : new int[] {64, 640, 33, 64}) {
        BufferedImage img = JpegCodecTest.gradient(w, w / 2 + 1);
        BufferedImage out = d.decode(e.encode(img, 0.85), PixelLimit.DEFAULT);
        assertEquals(w, out.getWidth());
        assertEquals(w / 2 + 1, out.getHeight());
      }
    }
  }

  @Test
  void threadsDecodeAndEncodeIndependently() throws Exception {
    BufferedImage frame = ImageIoJpeg.frame640();
    byte[] jpeg = new JpegCodec(0.85).encode(frame).bytes();
    byte[] expected =
        ((DataBufferByte) JpegCodec.decode(jpeg).getRaster().getDataBuffer()).getData();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<byte[]>> results = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        results.add(
            pool.submit(
                () -> {
                  byte[] again = new JpegCodec(0.85).encode(frame).bytes();
                  assertArrayEquals(jpeg, again);
                  return ((DataBufferByte) JpegCodec.decode(again).getRaster().getDataBuffer())
                      .getData();
                }));
      }
      for (Future<byte[]> f : results) {
        assertArrayEquals(expected, f.get());
      }
    } finally {
      pool.shutdown();
    }
  }

  /**
   * A few thousand decodes and encodes, refused ones included, leave the process's memory where it
   * was.
   */
  @Test
  void loopsDoNotGrowNativeMemory() {
    BufferedImage frame = ImageIoJpeg.frame640();
    JpegCodec codec = new JpegCodec(0.85);
    byte[] jpeg = codec.encode(frame).bytes();
    byte[] truncated = java.util.Arrays.copyOf(jpeg, jpeg.length - 2);
    byte[] damaged = jpeg.clone();
    for (int i = 600; i < damaged.length - 2; i += 97) {
      damaged[i] = (byte) 0x5A;
    }
    Runnable round =
        () -> {
          JpegCodec.decode(jpeg);
          try {
            JpegCodec.decode(truncated);
          } catch (IllegalArgumentException expected) {
            // refused before FFmpeg
          }
          try {
            JpegCodec.decode(damaged);
          } catch (IllegalArgumentException expected) {
            // refused by FFmpeg, or decoded with damage
          }
        };
    for (int i = 0; i < 300; i++) {
      round.run();
      codec.encode(frame);
    }
    System.gc();
    long before = Pointer.physicalBytes();
    long trackedBefore = Pointer.totalBytes();
    for (int i = 0; i < 2000; i++) {
      round.run();
      if (i % 4 == 0) {
        codec.encode(frame);
      }
    }
    System.gc();
    long grown = Pointer.physicalBytes() - before;
    // one leaked packet per decode would be 120 MB here; one leaked frame, 1.8 GB
    System.out.printf(
        "native memory over 6000 decodes and 500 encodes: resident %+d KiB, JavaCPP-tracked %+d"
            + " B%n",
        grown >> 10, Pointer.totalBytes() - trackedBefore);
    assertTrue(
        grown < 48L << 20, "resident memory grew by " + (grown >> 20) + " MiB over 6000 decodes");
    // codecs of threads that have ended (other tests) may be freed meanwhile: no growth, not
    // equality
    assertTrue(
        Pointer.totalBytes() <= trackedBefore,
        "JavaCPP-tracked native bytes grew from " + trackedBefore + " to " + Pointer.totalBytes());
  }

  /** swscale's SIMD converters leave a row's last pixels black at widths off their block size. */
  @Test
  void everyColumnDecodesAtAnyWidth() throws IOException {
    for (int w : new int[] {17, 70, 100, 854}) {
      BufferedImage img = new BufferedImage(w, 18, BufferedImage.TYPE_3BYTE_BGR);
      for (int y = 0; y < 18; y++) {
        for (int x = 0; x < w; x++) {
          img.setRGB(x, y, 0x80a060);
        }
      }
      byte[] jpeg = new JpegCodec(0.9).encode(img).bytes();
      BufferedImage reference = ImageIO.read(new java.io.ByteArrayInputStream(jpeg));
      BufferedImage decoded = JpegCodec.decode(jpeg);
      for (int y = 0; y < 18; y++) {
        for (int x = w - 9; x < w; x++) {
          int a = decoded.getRGB(x, y);
          int b = reference.getRGB(x, y);
          for (int shift = 0; shift < 24; shift += 8) {
            int d = Math.abs(((a >> shift) & 255) - ((b >> shift) & 255));
            assertTrue(d <= 3, "width " + w + " pixel " + x + "," + y + " off by " + d);
          }
        }
      }
    }
  }

  @Test
  void aReducedDecodeIsTheImageAveragedOverBlocks() {
    // odd sizes: the reduced sides round up
    BufferedImage src = JpegCodecTest.gradient(641, 481);
    byte[] jpeg = new JpegCodec(0.9).encode(src).bytes();
    BufferedImage whole = JpegCodec.decode(jpeg);
    for (int r : new int[] {2, 4, 8}) {
      JpegCodec.Reduced reduced = JpegCodec.decodeReduced(jpeg, PixelLimit.DEFAULT, (w, h) -> r);
      assertEquals(r, reduced.reduction());
      assertEquals(641, reduced.width());
      assertEquals(481, reduced.height());
      BufferedImage img = reduced.image();
      assertEquals((641 + r - 1) / r, img.getWidth());
      assertEquals((481 + r - 1) / r, img.getHeight());
      // every whole r x r block: its mean in the whole decode, within a few levels
      byte[] a = ((DataBufferByte) whole.getRaster().getDataBuffer()).getData();
      byte[] b = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
      double sum = 0;
      int n = 0;
      for (int y = 0; y < 481 / r; y++) {
        for (int x = 0; x < 641 / r; x++) {
          for (int c = 0; c < 3; c++) {
            double mean = 0;
            for (int dy = 0; dy < r; dy++) {
              for (int dx = 0; dx < r; dx++) {
                mean += a[((y * r + dy) * 641 + x * r + dx) * 3 + c] & 0xff;
              }
            }
            mean /= r * r;
            sum += Math.abs(mean - (b[(y * img.getWidth() + x) * 3 + c] & 0xff));
            n++;
          }
        }
      }
      assertTrue(sum / n < 2.5, "1/" + r + ": mean |block mean - reduced| " + sum / n);
    }
    // the reduction the caller picks comes from the header's size; other formats decode whole
    assertEquals(
        1,
        JpegCodec.decodeReduced(jpeg, PixelLimit.DEFAULT, (w, h) -> w > 1000 ? 2 : 1).reduction());
    assertThrows(
        IllegalArgumentException.class,
        () -> JpegCodec.decodeReduced(jpeg, PixelLimit.DEFAULT, (w, h) -> 3));
  }
}
