package dev.decomcam.schemas.serde;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.decomcam.schemas.Frame;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class RecordRulesTest {
  private static Frame frame(String camera, long sequence, int width, int height) {
    return Frame.newBuilder()
        .setCameraId(camera)
        .setSequence(sequence)
        .setCaptureTimestampMs(1)
        .setPtsMicros(0)
        .setWidth(width)
        .setHeight(height)
        .setImage(ByteBuffer.wrap(new byte[] {1}))
        .build();
  }

  @Test
  void ordinaryFramesPass() {
    assertDoesNotThrow(() -> RecordRules.check(frame("cam/a b.ü-1", 0, 640, 480)));
    assertDoesNotThrow(() -> RecordRules.check(frame("c".repeat(200), 7, 1, 1)));
  }

  @Test
  void aLongIdIsRejectedWithoutRepeatingIt() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> RecordRules.check(frame("x".repeat(10_240), 0, 1, 1)));
    assertEquals(
        "camera id of 10240 characters ('"
            + "x".repeat(40)
            + "...') is over the 200 allowed: give the camera a short id (camera.id)",
        e.getMessage());
  }

  @Test
  void controlCharactersAreRejectedAndEscapedInTheReason() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> RecordRules.check(frame("cam\n\"x\u0007", 0, 1, 1)));
    assertEquals(
        "camera id 'cam\\u000A\"x\\u0007' holds the control character U+000A at index 3: use"
            + " printable characters only (camera.id)",
        e.getMessage());
  }

  @Test
  void negativeSequencesAndSizesAreRejected() {
    assertEquals(
        "frame c#-1: negative sequence: a camera's frames are numbered from 0",
        assertThrows(IllegalArgumentException.class, () -> RecordRules.check(frame("c", -1, 1, 1)))
            .getMessage());
    assertEquals(
        "frame c#3: size -5x10 is not positive: the producer must give the image's width and"
            + " height",
        assertThrows(IllegalArgumentException.class, () -> RecordRules.check(frame("c", 3, -5, 10)))
            .getMessage());
  }
}
