package dev.decomcam.sink.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.common.image.Yuv420;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rolling segments on the capture clock, retention and the sidecar index, with 1 s segments. */
class RollingRecordingTest {
  /** A capture time on a whole second, so segment k holds frames at T0 + k s .. T0 + k s + 800. */
  static final long T0 = 1_700_000_000_000L;

  private static Yuv420 image(int i) {
    BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.DARK_GRAY);
    g.fillRect(0, 0, 64, 48);
    g.setColor(Color.GREEN);
    g.fillRect(i % 48, 10, 16, 16);
    g.dispose();
    return Yuv420.fromImage(img);
  }

  /** Writes {@code seconds} s of frames at 5 fps (one each 200 ms) from second {@code from}. */
  private static void record(Mp4Recorder rec, String camera, int from, int seconds) {
    for (int i = from * 5; i < (from + seconds) * 5; i++) {
      rec.write(camera, i, T0 + i * 200L, image(i));
    }
  }

  private static long decodedFrames(Path mp4) throws Exception {
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(mp4.toString())) {
      g.start();
      long n = 0;
      while (g.grabImage() != null) {
        n++;
      }
      return n;
    }
  }

  private static List<Path> mp4s(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".mp4")).sorted().toList();
    }
  }

  @Test
  void idleCamerasAreFinishedAndForgottenAndOpenFilesAreCapped(@TempDir Path dir) throws Exception {
    long[] now = {0};
    try (Mp4Recorder rec = new Mp4Recorder(dir, 5, Segments.ONE_FILE, 2, 10_000, () -> now[0])) {
      record(rec, "a", 0, 1);
      now[0] = 6_000;
      record(rec, "b", 0, 1);
      assertEquals(2, rec.openFiles());
      // a third camera: the file of the one written longest ago (a) is finished to make room
      record(rec, "c", 0, 1);
      assertEquals(2, rec.openFiles());
      assertEquals(5, decodedFrames(dir.resolve(rec.fileFor("a").getFileName())));
      // b and c idle beyond 10 s: finished (playable, listed) and forgotten
      now[0] = 17_000;
      assertEquals(2, rec.expireIdle());
      assertEquals(0, rec.openFiles());
      assertEquals(0, rec.cameras());
      assertEquals(3, mp4s(dir).size());
      for (Path f : mp4s(dir)) {
        assertEquals(5, decodedFrames(f), f.toString());
      }
      assertTrue(Files.readString(SegmentIndex.fileFor(dir, "b")).contains(".mp4"));
      // b comes back: a new file, its index kept
      record(rec, "b", 5, 1);
      assertEquals(1, rec.openFiles());
    }
    assertEquals(4, mp4s(dir).size());
    assertTrue(
        Files.readString(SegmentIndex.fileFor(dir, "b")).split("\\.mp4").length >= 3,
        "both of b's files listed");
  }

  @Test
  void rollsOnTheClockKeepsTheNewestAndIndexesThem(@TempDir Path dir) throws Exception {
    try (Mp4Recorder rec = new Mp4Recorder(dir, 5, Segments.ofSeconds(1, 2))) {
      record(rec, "cam/a", 0, 5);
      record(rec, "cam-b", 0, 1);
      assertEquals(25, rec.frames("cam/a"));
      // 4 segments of cam/a closed so far, 2 kept; the fifth is still open
      List<SegmentIndex.Entry> soFar = SegmentIndex.read(SegmentIndex.fileFor(dir, "cam/a"));
      assertEquals(2, soFar.size(), soFar.toString());
      assertEquals(10, soFar.get(0).firstSequence());
    }
    List<SegmentIndex.Entry> a = SegmentIndex.read(SegmentIndex.fileFor(dir, "cam/a"));
    assertEquals(2, a.size(), "closing adds the last segment, retention drops the oldest: " + a);
    for (int k = 0; k < 2; k++) {
      SegmentIndex.Entry e = a.get(k);
      int second = 3 + k;
      assertEquals(5, e.frames());
      assertEquals(second * 5L, e.firstSequence());
      assertEquals(second * 5L + 4, e.lastSequence());
      assertEquals(T0 + second * 1000L, e.firstCaptureMs());
      assertEquals(T0 + second * 1000L + 800, e.lastCaptureMs());
      assertTrue(e.file().startsWith("cam_a-"), e.file());
      assertEquals(5, decodedFrames(dir.resolve(e.file())), e.file());
    }
    List<SegmentIndex.Entry> b = SegmentIndex.read(SegmentIndex.fileFor(dir, "cam-b"));
    assertEquals(1, b.size());
    assertEquals(5, b.get(0).frames());
    // on disk: exactly the indexed segments
    List<Path> files = mp4s(dir);
    assertEquals(3, files.size(), files.toString());
    assertTrue(files.contains(dir.resolve(a.get(0).file())));
    assertTrue(files.contains(dir.resolve(b.get(0).file())));
  }

  @Test
  void namesNeverCollideAndARestartContinuesTheIndex(@TempDir Path dir) throws Exception {
    try (Mp4Recorder rec = new Mp4Recorder(dir, 5, Segments.ofSeconds(1, 3))) {
      record(rec, "cam", 0, 2);
    }
    // a second run over the same seconds (a replayed stream): new names, same index, retention
    // counting both runs' segments
    try (Mp4Recorder rec = new Mp4Recorder(dir, 5, Segments.ofSeconds(1, 3))) {
      record(rec, "cam", 0, 2);
    }
    List<SegmentIndex.Entry> idx = SegmentIndex.read(SegmentIndex.fileFor(dir, "cam"));
    assertEquals(3, idx.size(), idx.toString());
    assertEquals(3, idx.stream().map(SegmentIndex.Entry::file).distinct().count());
    assertEquals(3, mp4s(dir).size());
    assertEquals(5, idx.get(0).firstSequence(), "the first run's first segment went first");
    assertFalse(Files.exists(dir.resolve("cam.index.json.tmp")));
  }

  @Test
  void aFrameOutOfOrderStaysInTheOpenSegment(@TempDir Path dir) throws Exception {
    try (Mp4Recorder rec = new Mp4Recorder(dir, 5, Segments.ofSeconds(1, 0))) {
      rec.write("cam", 0, T0 + 1500, image(0));
      rec.write("cam", 1, T0 + 900, image(1)); // an earlier second: no new file
      rec.write("cam", 2, T0 + 2100, image(2));
    }
    List<SegmentIndex.Entry> idx = SegmentIndex.read(SegmentIndex.fileFor(dir, "cam"));
    assertEquals(List.of(2L, 1L), idx.stream().map(SegmentIndex.Entry::frames).toList());
  }

  @Test
  void oneFilePerRunWritesNoIndex(@TempDir Path dir) throws Exception {
    try (Mp4Recorder rec = new Mp4Recorder(dir, 5)) {
      record(rec, "cam", 0, 3);
    }
    assertEquals(1, mp4s(dir).size());
    assertFalse(Files.exists(SegmentIndex.fileFor(dir, "cam")));
  }

  @Test
  void segmentsValidateThemselves() {
    assertThrows(IllegalArgumentException.class, () -> new Segments(-1, 0));
    assertThrows(IllegalArgumentException.class, () -> new Segments(1000, -1));
    Segments s = Segments.ofSeconds(10, 0);
    assertEquals(s.segmentOf(T0), s.segmentOf(T0 + 9_999));
    assertEquals(s.segmentOf(T0) + 1, s.segmentOf(T0 + 10_000));
    assertEquals(0, Segments.ONE_FILE.segmentOf(T0));
  }
}
