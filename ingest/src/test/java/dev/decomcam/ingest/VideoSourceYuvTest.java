package dev.decomcam.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.common.image.JpegCodec;
import dev.decomcam.common.image.Yuv420;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The planar path frames take to Kafka ({@link VideoSource#openYuv}) against the image path ({@link
 * VideoSource#open}) it replaced: the JPEGs published have the same size and, decoded, the same
 * pixels within JPEG noise.
 */
class VideoSourceYuvTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  /**
   * Every 10th of the first 100 frames of {@code video}, published both ways at {@code codec}: same
   * size; decoded, a mean |difference| under {@code maxMad} per channel and mean colours within
   * {@code maxShift}. Calibrated on the shared videos: 1.3-1.7 levels and under 1.5 at full size,
   * mostly the image path's own error (its fast YUV-to-RGB step reads green about 2 levels low);
   * skipping the range conversion would put the mean |difference| at 8 or more.
   */
  private static void publishesTheSameJpegs(
      String video, JpegCodec codec, int width, int height, double maxMad, double maxShift) {
    Path p = SharedMedia.video(video);
    try (VideoSource images = VideoSource.open(p.toString(), TIMEOUT);
        VideoSource planes = VideoSource.openYuv(p.toString(), TIMEOUT, codec)) {
      assertEquals(width, planes.width());
      assertEquals(height, planes.height());
      for (int i = 0; i < 100; i++) {
        DecodedFrame a = images.next();
        DecodedFrame b = planes.next();
        assertEquals(a.ptsMicros(), b.ptsMicros());
        assertEquals(a.index(), b.index());
        if (i % 10 != 0) {
          continue;
        }
        assertEquals(width, b.width());
        assertEquals(height, b.height());
        JpegCodec.Encoded before = codec.encode(a.image());
        JpegCodec.Encoded now = codec.encode(b.yuv());
        assertEquals(before.width(), now.width());
        assertEquals(before.height(), now.height());
        BufferedImage x = JpegCodec.decode(before.bytes());
        BufferedImage y = JpegCodec.decode(now.bytes());
        double[] mad = meanAbsDiff(x, y);
        double[] mx = meanBgr(x);
        double[] my = meanBgr(y);
        for (int c = 0; c < 3; c++) {
          String at =
              video
                  + " frame "
                  + i
                  + " "
                  + "BGR".charAt(c)
                  + ": |diff| "
                  + mad[c]
                  + ", means "
                  + mx[c]
                  + " "
                  + my[c];
          assertTrue(mad[c] < maxMad, at);
          assertTrue(Math.abs(mx[c] - my[c]) < maxShift, at);
        }
      }
    }
  }

  @Test
  void publishesTheSameJpegsOfAnMp4() {
    publishesTheSameJpegs("eagle_pan.mp4", new JpegCodec(0.85), 640, 480, 2.5, 2);
  }

  @Test
  void publishesTheSameJpegsOfAnAvi() {
    publishesTheSameJpegs("vtest.avi", new JpegCodec(0.85), 768, 576, 2.5, 2);
  }

  /**
   * Downscaled by swscale while decoding rather than by Java2D before encoding: the same size (here
   * odd both ways), and pixels within what the two bilinear filters differ by (Java2D's samples the
   * source, swscale's averages it: 3-4 levels on these videos).
   */
  @Test
  void downscalesToTheSizeTheCodecGives() {
    // the means may differ by 2.5 here: the BGR frames this compares with come out about 1.5
    // levels darker than the planes even unscaled (publishesTheSameJpegsOfAnMp4), and Java2D's
    // sampling moves them a little more
    publishesTheSameJpegs("eagle_pan.mp4", new JpegCodec(0.85, 321, 0), 321, 241, 5, 2.5);
    publishesTheSameJpegs("vtest.avi", new JpegCodec(0.85, 0, 240), 320, 240, 5, 2.5);
  }

  /**
   * Limited-range videos whose levels are known, of odd sizes and of widths off swscale's SIMD
   * blocks (where its packed converters once left a row's last pixels black): the planes come out
   * at full range ({@code (Y - 16) * 255 / 219}, {@code (C - 128) * 255 / 224 + 128}), within
   * swscale's rounding, up to the last pixel.
   */
  @ParameterizedTest
  @CsvSource({"161, 121", "854, 40", "100, 70", "70, 9"})
  void limitedRangeVideoComesOutAtFullRange(int w, int h, @TempDir Path dir) throws Exception {
    Yuv420 ramps = ramps(w, h);
    Path y4m = y4m(dir, ramps, 3);
    try (VideoSource src = VideoSource.openYuv(y4m.toString(), TIMEOUT, new JpegCodec(0.85))) {
      int n = 0;
      for (DecodedFrame f; (f = src.next()) != null; n++) {
        Yuv420 yuv = f.yuv();
        assertEquals(w, yuv.width());
        assertEquals(h, yuv.height());
        assertClose(ramps.y(), yuv.y(), v -> (v - 16) * 255 / 219.0, "Y");
        assertClose(ramps.u(), yuv.u(), v -> (v - 128) * 255 / 224.0 + 128, "Cb");
        assertClose(ramps.v(), yuv.v(), v -> (v - 128) * 255 / 224.0 + 128, "Cr");
      }
      assertEquals(3, n);
    }
  }

  /** Downscaled to an odd width: every row still runs from black to white up to its last pixel. */
  @Test
  void downscaledRowsReachTheirLastPixel(@TempDir Path dir) throws Exception {
    Path y4m = y4m(dir, ramps(854, 40), 2);
    try (VideoSource src =
        VideoSource.openYuv(y4m.toString(), TIMEOUT, new JpegCodec(0.85, 427, 0))) {
      Yuv420 yuv = src.next().yuv();
      assertEquals(427, yuv.width());
      assertEquals(20, yuv.height());
      for (int row = 0; row < yuv.height(); row++) {
        int first = yuv.y()[row * 427] & 255;
        int last = yuv.y()[row * 427 + 426] & 255;
        assertTrue(first < 8 && last > 247, "row " + row + " runs from " + first + " to " + last);
      }
    }
  }

  /**
   * Limited-range planes: luma a ramp from 16 to 235 along each row, Cb one from 16 to 240 along
   * each row, Cr one from 240 down to 16 down the rows.
   */
  private static Yuv420 ramps(int w, int h) {
    Yuv420 img = Yuv420.black(w, h);
    int cw = img.chromaWidth();
    int ch = img.chromaHeight();
    for (int i = 0; i < img.y().length; i++) {
      img.y()[i] = (byte) (16 + (i % w) * 219 / (w - 1));
    }
    for (int i = 0; i < img.u().length; i++) {
      img.u()[i] = (byte) (16 + (i % cw) * 224 / (cw - 1));
      img.v()[i] = (byte) (240 - (i / cw) * 224 / Math.max(1, ch - 1));
    }
    return img;
  }

  /** A YUV4MPEG2 file of {@code frames} copies of {@code img}, limited range as Y4M has it. */
  private static Path y4m(Path dir, Yuv420 img, int frames) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String header = "YUV4MPEG2 W" + img.width() + " H" + img.height() + " F25:1 Ip A1:1 C420jpeg\n";
    out.write(header.getBytes(StandardCharsets.US_ASCII));
    for (int f = 0; f < frames; f++) {
      out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
      out.write(img.y());
      out.write(img.u());
      out.write(img.v());
    }
    Path p = dir.resolve("ramps-" + img.width() + "x" + img.height() + ".y4m");
    Files.write(p, out.toByteArray());
    return p;
  }

  private static void assertClose(
      byte[] limited, byte[] full, java.util.function.IntToDoubleFunction expand, String plane) {
    for (int i = 0; i < limited.length; i++) {
      double want = Math.max(0, Math.min(255, expand.applyAsDouble(limited[i] & 255)));
      int got = full[i] & 255;
      assertTrue(
          Math.abs(got - want) <= 1.5,
          plane + " at " + i + ": " + (limited[i] & 255) + " came out " + got + ", want " + want);
    }
  }

  @Test
  void planarFramesOwnTheirPixels() {
    try (VideoSource src =
        VideoSource.openYuv(
            SharedMedia.video("eagle_pan.mp4").toString(), TIMEOUT, new JpegCodec(0.85))) {
      Yuv420 first = src.next().yuv();
      byte[] before = first.y().clone();
      for (int i = 0; i < 10; i++) {
        assertNotNull(src.next());
      }
      assertTrue(
          Arrays.equals(before, first.y()),
          "decoding later frames must not change an earlier frame");
      assertFalse(Arrays.equals(first.y(), src.next().yuv().y()), "a panning video changes");
    }
  }

  static double[] meanAbsDiff(BufferedImage a, BufferedImage b) {
    double[] s = new double[3];
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        for (int c = 0; c < 3; c++) {
          s[c] += Math.abs(((p >> (8 * c)) & 255) - ((q >> (8 * c)) & 255));
        }
      }
    }
    int n = a.getWidth() * a.getHeight();
    return new double[] {s[0] / n, s[1] / n, s[2] / n};
  }

  static double[] meanBgr(BufferedImage img) {
    double[] s = new double[3];
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int p = img.getRGB(x, y);
        for (int c = 0; c < 3; c++) {
          s[c] += (p >> (8 * c)) & 255;
        }
      }
    }
    int n = img.getWidth() * img.getHeight();
    return new double[] {s[0] / n, s[1] / n, s[2] / n};
  }
}
