package dev.decomcam.sink.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingNamesTest {
  @Test
  void safeIdsAreTheirOwnNamesAndUnsafeOnesNeverMeetThem() {
    assertEquals("cam-b_1.x", RecordingNames.stem("cam-b_1.x"));
    assertEquals("cam_a", RecordingNames.stem("cam_a"));
    String slash = RecordingNames.stem("cam/a");
    assertTrue(slash.matches("cam_a-[0-9a-f]{8}"), slash);
    assertNotEquals(RecordingNames.stem("cam:a"), slash);
    assertTrue(RecordingNames.stem("..").matches("_\\.-[0-9a-f]{8}"), RecordingNames.stem(".."));
    assertTrue(RecordingNames.stem("../../etc/passwd").matches("[A-Za-z0-9._-]+"));
    assertTrue(RecordingNames.stem("cam\n\u0000x").matches("cam__x-[0-9a-f]{8}"));
    String longId = RecordingNames.stem("y".repeat(10_000));
    assertEquals(RecordingNames.MAX_STEM + 9, longId.length());
    assertNotEquals(longId, RecordingNames.stem("y".repeat(9_999)));
  }

  @Test
  void aNameIsTakenOnceEvenWithinOneSecond(@TempDir Path dir) throws Exception {
    Path first = RecordingNames.reserve(dir, "cam-20260101-120000");
    Path second = RecordingNames.reserve(dir, "cam-20260101-120000");
    Path third = RecordingNames.reserve(dir, "cam-20260101-120000");
    assertEquals("cam-20260101-120000.mp4", first.getFileName().toString());
    assertEquals("cam-20260101-120000-2.mp4", second.getFileName().toString());
    assertEquals("cam-20260101-120000-3.mp4", third.getFileName().toString());
    assertEquals(3, Files.list(dir).count());
  }

  @Test
  void twoRecordersStartedInTheSameSecondWriteTwoFiles(@TempDir Path dir) throws Exception {
    try (Mp4Recorder a = new Mp4Recorder(dir, 10);
        Mp4Recorder b = new Mp4Recorder(dir, 10)) {
      a.write("cam/a", new java.awt.image.BufferedImage(32, 32, 5));
      b.write("cam/a", new java.awt.image.BufferedImage(32, 32, 5));
      a.write("cam_a", new java.awt.image.BufferedImage(32, 32, 5));
      assertNotEquals(a.fileFor("cam/a"), b.fileFor("cam/a"));
      assertNotEquals(a.fileFor("cam/a"), a.fileFor("cam_a"));
    }
    assertEquals(3, Files.list(dir).count());
  }
}
