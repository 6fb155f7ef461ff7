package dev.decomcam.sink.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
