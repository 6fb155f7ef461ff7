package dev.decomcam.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoSourceTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private record Summary(int frames, int width, int height, boolean ptsIncreasing) {}

  private static Summary decodeAll(Path video) {
    try (VideoSource src = VideoSource.open(video.toString(), TIMEOUT)) {
      int n = 0;
      int w = -1;
      int h = -1;
      long last = -1;
      boolean increasing = true;
      for (DecodedFrame f; (f = src.next()) != null; n++) {
        w = f.image().getWidth();
        h = f.image().getHeight();
        increasing &= f.ptsMicros() > last;
        assertEquals(n, f.index());
        last = f.ptsMicros();
      }
      return new Summary(n, w, h, increasing);
    }
  }

  @Test
  void decodesEveryFrameOfAnMp4() {
    Summary s = decodeAll(SharedMedia.video("eagle_pan.mp4"));
    assertEquals(200, s.frames());
    assertEquals(640, s.width());
    assertEquals(480, s.height());
    assertTrue(s.ptsIncreasing(), "pts must increase strictly");
  }

  @Test
  void decodesEveryFrameOfAnAvi() {
    Summary s = decodeAll(SharedMedia.video("vtest.avi"));
    assertEquals(795, s.frames());
    assertEquals(768, s.width());
    assertEquals(576, s.height());
    assertTrue(s.ptsIncreasing(), "pts must increase strictly");
  }

  @Test
  void framesOwnTheirPixels() {
    try (VideoSource src =
        VideoSource.open(SharedMedia.video("eagle_pan.mp4").toString(), TIMEOUT)) {
      BufferedImage first = src.next().image();
      byte[] before = pixels(first).clone();
      BufferedImage second = src.next().image();
      for (int i = 0; i < 10; i++) {
        src.next();
      }
      assertNotSame(first, second);
      assertTrue(
          Arrays.equals(before, pixels(first)),
          "decoding later frames must not change an earlier frame");
      assertFalse(
          Arrays.equals(pixels(first), pixels(src.next().image())),
          "a panning video changes between frames");
    }
  }

  private static byte[] pixels(BufferedImage img) {
    return ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
  }

  @Test
  void missingFileIsOneLineNamingThePath() {
    IngestException e =
        assertThrows(IngestException.class, () -> VideoSource.open("/nonexistent/x.mp4", TIMEOUT));
    assertEquals("video not found: /nonexistent/x.mp4: check the path", e.getMessage());
  }

  @Test
  void randomBytesAreNotAVideo(@TempDir Path dir) throws Exception {
    Path junk = dir.resolve("junk.mp4");
    byte[] bytes = new byte[200_000];
    new Random(7).nextBytes(bytes);
    Files.write(junk, bytes);
    IngestException e =
        assertThrows(IngestException.class, () -> VideoSource.open(junk.toString(), TIMEOUT));
    assertOneLine(e.getMessage());
    assertTrue(e.getMessage().contains(junk.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("not a readable video"), e.getMessage());
  }

  @Test
  void textFileIsNotAVideo(@TempDir Path dir) throws Exception {
    Path txt = dir.resolve("notes.mp4");
    Files.writeString(txt, "this is not a video\n".repeat(100));
    IngestException e =
        assertThrows(IngestException.class, () -> VideoSource.open(txt.toString(), TIMEOUT));
    assertOneLine(e.getMessage());
    assertTrue(e.getMessage().contains(txt.toString()), e.getMessage());
  }

  @Test
  void truncatedVideoFailsCleanlyOrEndsEarly(@TempDir Path dir) throws Exception {
    byte[] full = Files.readAllBytes(SharedMedia.video("eagle_pan.mp4"));
    Path cut = dir.resolve("cut.mp4");
    Files.write(cut, Arrays.copyOf(full, full.length / 3));
    try (VideoSource src = VideoSource.open(cut.toString(), TIMEOUT)) {
      int n = 0;
      while (src.next() != null) {
        n++;
      }
      assertTrue(n < 200, "a third of the file cannot hold all 200 frames, got " + n);
    } catch (IngestException e) {
      assertOneLine(e.getMessage());
      assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
    }
  }

  @Test
  void corruptedMiddleIsSkippedNotFatal(@TempDir Path dir) throws Exception {
    byte[] bytes = Files.readAllBytes(SharedMedia.video("vtest.avi"));
    Random r = new Random(3);
    // scribble over a stretch in the middle: frames there are damaged, the rest must still come
    for (int i = bytes.length / 2; i < bytes.length / 2 + 20_000; i++) {
      bytes[i] = (byte) r.nextInt();
    }
    Path bad = dir.resolve("damaged.avi");
    Files.write(bad, bytes);
    try (VideoSource src = VideoSource.open(bad.toString(), TIMEOUT)) {
      int n = 0;
      while (src.next() != null) {
        n++;
      }
      assertTrue(n > 500, "frames after the damage must still decode, got " + n);
    }
  }

  @Test
  void deadUrlIsOneLineNamingTheUrl() {
    String url = "rtsp://127.0.0.1:9/none";
    IngestException e =
        assertThrows(IngestException.class, () -> VideoSource.open(url, Duration.ofSeconds(1)));
    assertOneLine(e.getMessage());
    assertTrue(e.getMessage().startsWith("cannot open stream " + url), e.getMessage());
  }

  @Test
  void classifiesSources() {
    assertEquals(VideoSource.Kind.URL, VideoSource.kindOf("rtsp://cam/stream"));
    assertEquals(VideoSource.Kind.URL, VideoSource.kindOf("https://host/x.m3u8"));
    assertEquals(VideoSource.Kind.DEVICE, VideoSource.kindOf("/dev/video0"));
    assertEquals(VideoSource.Kind.FILE, VideoSource.kindOf("media/x.mp4"));
    assertEquals(VideoSource.Kind.FILE, VideoSource.kindOf("file:///tmp/x.mp4"));
  }

  static void assertOneLine(String message) {
    assertFalse(message.contains("\n"), "message must be one line: " + message);
  }
}
