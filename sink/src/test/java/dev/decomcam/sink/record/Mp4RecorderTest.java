package dev.decomcam.sink.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.common.image.JpegCodec;
import dev.decomcam.common.image.Yuv420;
import dev.decomcam.schemas.Overlay;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Mp4RecorderTest {
  private static BufferedImage frame(int w, int h, int i) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.DARK_GRAY);
    g.fillRect(0, 0, w, h);
    g.setColor(Color.RED);
    g.fillRect(i * 4 % (w - 40), h / 3, 40, 40); // a moving square
    g.dispose();
    return img;
  }

  @Test
  void writesOneReadableFilePerCamera(@TempDir Path dir) throws Exception {
    Path a;
    Path b;
    try (Mp4Recorder rec = new Mp4Recorder(dir, 10)) {
      for (int i = 0; i < 25; i++) {
        rec.write("cam/a", frame(320, 241, i)); // odd height: rounded down to even
        if (i < 12) {
          rec.write("cam-b", frame(160, 120, i));
        }
      }
      a = rec.fileFor("cam/a");
      b = rec.fileFor("cam-b");
      assertEquals(25, rec.frames("cam/a"));
    }
    assertNotEquals(a, b);
    assertTrue(a.getFileName().toString().startsWith("cam_a-"), a.toString());
    assertEquals(2, Files.list(dir).count());

    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(a.toString());
        Java2DFrameConverter conv = new Java2DFrameConverter()) {
      g.start();
      assertEquals(320, g.getImageWidth());
      assertEquals(240, g.getImageHeight());
      assertEquals(10.0, g.getFrameRate(), 0.01);
      int n = 0;
      BufferedImage last = null;
      for (Frame f; (f = g.grabImage()) != null; n++) {
        last = conv.getBufferedImage(f);
      }
      assertEquals(25, n);
      // the red square of the last frame (i = 24 at x = 96) survives encoding
      Color c = new Color(last.getRGB(96 + 20, 240 / 3 + 20));
      assertTrue(c.getRed() > 180 && c.getGreen() < 80, "red square expected, got " + c);
    }
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(b.toString())) {
      g.start();
      int n = 0;
      while (g.grabImage() != null) {
        n++;
      }
      assertEquals(12, n);
    }
  }

  private static Overlay overlay(String camera, long seq, byte[] jpeg) {
    return Overlay.newBuilder()
        .setCameraId(camera)
        .setSequence(seq)
        .setCaptureTimestampMs(seq)
        .setWidth(640)
        .setHeight(480)
        .setImage(ByteBuffer.wrap(jpeg))
        .setLabel("x")
        .setScore(1f)
        .setLatencyMs(1)
        .build();
  }

  /**
   * Overlays of a real video, recorded and read back: the planes are the overlay's at limited range
   * (up to MPEG-4's loss), and the mean colour is the overlay's, closer than the recorder before it
   * took YUV came (its two colour conversions darkened frames by about a level).
   */
  @Test
  void keepsTheOverlaysColours(@TempDir Path dir) throws Exception {
    List<byte[]> jpegs = Mp4Media.jpegFrames("eagle_pan.mp4", 25);
    Path now;
    try (Mp4Recorder rec = new Mp4Recorder(dir, 10)) {
      for (int i = 0; i < jpegs.size(); i++) {
        rec.onOverlay(overlay("eagle", i, jpegs.get(i)));
      }
      now = rec.fileFor("eagle");
    }
    Path before = dir.resolve("baseline.mp4");
    try (BaselineMp4Recorder rec = new BaselineMp4Recorder(before, 640, 480, 10)) {
      for (byte[] j : jpegs) {
        rec.write(ByteBuffer.wrap(j));
      }
    }
    List<Yuv420> planes = Mp4Media.planes(now);
    List<BufferedImage> images = Mp4Media.images(now);
    List<BufferedImage> baseline = Mp4Media.images(before);
    assertEquals(jpegs.size(), planes.size());
    double[] colour = new double[3];
    double[] colourBefore = new double[3];
    for (int i = 0; i < jpegs.size(); i++) {
      Yuv420 want = Mp4Media.limited(JpegCodec.decodeYuv(ByteBuffer.wrap(jpegs.get(i))));
      Yuv420 got = planes.get(i);
      assertEquals(640, got.width());
      assertEquals(480, got.height());
      double[] y = Mp4Media.diff(want.y(), got.y());
      double[] u = Mp4Media.diff(want.u(), got.u());
      double[] v = Mp4Media.diff(want.v(), got.v());
      String at = "frame " + i + ": Y " + y[0] + " U " + u[0] + " V " + v[0];
      assertTrue(Math.abs(y[0]) < 0.3 && Math.abs(u[0]) < 0.3 && Math.abs(v[0]) < 0.3, at);
      assertTrue(y[1] < 2 && u[1] < 1.5 && v[1] < 1.5, at + " mean |diff| " + y[1]);
      double[] overlayBgr = Mp4Media.meanBgr(JpegCodec.decode(jpegs.get(i)));
      double[] nowBgr = Mp4Media.meanBgr(images.get(i));
      double[] beforeBgr = Mp4Media.meanBgr(baseline.get(i));
      for (int c = 0; c < 3; c++) {
        colour[c] += Math.abs(nowBgr[c] - overlayBgr[c]) / jpegs.size();
        colourBefore[c] += Math.abs(beforeBgr[c] - overlayBgr[c]) / jpegs.size();
      }
    }
    for (int c = 0; c < 3; c++) {
      String what =
          "BGR".charAt(c) + ": mean colour off by " + colour[c] + ", before " + colourBefore[c];
      assertTrue(colour[c] < 1, what);
      assertTrue(colour[c] <= colourBefore[c], what);
    }
  }

  /**
   * An image of another size than the file's is scaled to it; an odd one a pixel larger loses its
   * last row and column, and is otherwise unchanged.
   */
  @Test
  void scalesOtherSizesAndCropsOddOnes(@TempDir Path dir) throws Exception {
    List<byte[]> jpegs = Mp4Media.jpegFrames("eagle_pan.mp4", 1);
    Yuv420 big = JpegCodec.decodeYuv(ByteBuffer.wrap(jpegs.get(0)));
    Yuv420 odd = crop(big, 321, 241);
    Path file;
    try (Mp4Recorder rec = new Mp4Recorder(dir, 10)) {
      rec.write("cam", odd); // the file is 320x240
      rec.write("cam", big); // scaled down
      rec.write("cam", crop(big, 101, 71)); // scaled up, odd
      assertEquals(3, rec.frames("cam"));
      file = rec.fileFor("cam");
    }
    List<Yuv420> planes = Mp4Media.planes(file);
    assertEquals(3, planes.size());
    Yuv420 want = Mp4Media.limited(crop(big, 320, 240));
    Yuv420 first = planes.get(0);
    assertEquals(320, first.width());
    assertEquals(240, first.height());
    double[] y = Mp4Media.diff(want.y(), first.y());
    double[] u = Mp4Media.diff(want.u(), first.u());
    assertTrue(Math.abs(y[0]) < 0.3 && y[1] < 2 && u[1] < 1.5, "cropped: Y " + y[0] + " " + y[1]);
    double wantMean = mean(Mp4Media.limited(big).y());
    double scaledMean = mean(planes.get(1).y());
    assertEquals(wantMean, scaledMean, 1.0, "scaled frame keeps its brightness");
  }

  private static Yuv420 crop(Yuv420 src, int w, int h) {
    Yuv420 out = Yuv420.black(w, h);
    for (int row = 0; row < h; row++) {
      System.arraycopy(src.y(), row * src.width(), out.y(), row * w, w);
    }
    for (int row = 0; row < out.chromaHeight(); row++) {
      int cw = out.chromaWidth();
      System.arraycopy(src.u(), row * src.chromaWidth(), out.u(), row * cw, cw);
      System.arraycopy(src.v(), row * src.chromaWidth(), out.v(), row * cw, cw);
    }
    return out;
  }

  private static double mean(byte[] plane) {
    double s = 0;
    for (byte b : plane) {
      s += b & 255;
    }
    return s / plane.length;
  }
}
