package dev.decomcam.sink.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CatchUpTest {
  private final CatchUp catchUp = new CatchUp(500);

  @Test
  void liveFramesWithinTheBoundAreDrawnWhole() {
    assertEquals(1, catchUp.reduction(true, 0, 640, 480));
    assertEquals(1, catchUp.reduction(true, 500, 640, 480));
  }

  @Test
  void lateLiveFramesAreDrawnSmallerTheLaterTheyAre() {
    assertEquals(2, catchUp.reduction(true, 501, 640, 480));
    assertEquals(2, catchUp.reduction(true, 1000, 640, 480));
    assertEquals(4, catchUp.reduction(true, 1001, 640, 480));
    assertEquals(4, catchUp.reduction(true, 2000, 1920, 1080));
  }

  @Test
  void veryLateLiveFramesAreNotDrawn() {
    assertEquals(CatchUp.PASS_THROUGH, catchUp.reduction(true, 2001, 640, 480));
    assertEquals(CatchUp.PASS_THROUGH, catchUp.reduction(true, 60_000, 160, 120));
  }

  @Test
  void recordingsAreAlwaysDrawnWhole() {
    assertEquals(1, catchUp.reduction(false, 60_000, 640, 480));
  }

  @Test
  void aReducedOverlayKeepsTheSmallestLegibleSize() {
    assertEquals(2, catchUp.reduction(true, 1500, 320, 240), "320x240 halves to 160x120 at most");
    assertEquals(1, catchUp.reduction(true, 1500, 300, 200), "halving would go under 160x120");
    assertEquals(1, catchUp.reduction(true, 1500, 160, 120));
  }

  @Test
  void zeroNeverReduces() {
    assertEquals(1, CatchUp.OFF.reduction(true, 60_000, 640, 480));
  }

  @Test
  void negativeBoundIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new CatchUp(-1));
  }
}
