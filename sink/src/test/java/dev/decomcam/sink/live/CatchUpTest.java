package dev.decomcam.sink.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CatchUpTest {
  private final CatchUp catchUp = new CatchUp(500, 1000);

  @Test
  void liveFramesWithinTheBoundAreDrawnWhole() {
    assertEquals(1, catchUp.reduction(true, 0, -1, 640, 480));
    assertEquals(1, catchUp.reduction(true, 500, -1, 640, 480));
  }

  @Test
  void lateLiveFramesAreDrawnSmallerTheLaterTheyAre() {
    assertEquals(2, catchUp.reduction(true, 501, -1, 640, 480));
    assertEquals(2, catchUp.reduction(true, 1000, -1, 640, 480));
    assertEquals(4, catchUp.reduction(true, 1001, -1, 640, 480));
    assertEquals(4, catchUp.reduction(true, 2000, -1, 1920, 1080));
  }

  @Test
  void veryLateLiveFramesAreNotDrawn() {
    assertEquals(CatchUp.PASS_THROUGH, catchUp.reduction(true, 2001, -1, 640, 480));
    assertEquals(CatchUp.PASS_THROUGH, catchUp.reduction(true, 60_000, -1, 160, 120));
  }

  @Test
  void onlyALiveFrameBecomesOverdueAndOnlyAfterTheWait() {
    CatchUp waiting = new CatchUp(500, 1000, 2000);
    assertFalse(waiting.overdue(true, 10_000, 12_000), "waited exactly the limit");
    assertTrue(waiting.overdue(true, 10_000, 12_001));
    assertFalse(waiting.overdue(false, 10_000, 60_000), "a recording waits for its own");
    assertFalse(catchUp.overdue(true, 10_000, 60_000), "0: live frames wait too");
  }

  @Test
  void anOverdueFramesWaitIsNotTheSinkBeingLate() {
    CatchUp waiting = new CatchUp(500, 1000, 2000);
    assertEquals(1, waiting.reductionOverdue(2_300, 640, 480), "300 ms late after the wait");
    assertEquals(2, waiting.reductionOverdue(2_600, 640, 480));
    assertEquals(CatchUp.PASS_THROUGH, waiting.reductionOverdue(4_100, 640, 480));
    assertThrows(IllegalArgumentException.class, () -> new CatchUp(500, 1000, -1));
  }

  @Test
  void recordingsAreAlwaysDrawnWhole() {
    assertEquals(1, catchUp.reduction(false, 60_000, -1, 640, 480));
  }

  @Test
  void aReducedOverlayKeepsTheSmallestLegibleSize() {
    assertEquals(
        2, catchUp.reduction(true, 1500, -1, 320, 240), "320x240 halves to 160x120 at most");
    assertEquals(1, catchUp.reduction(true, 1500, -1, 300, 200), "halving would go under 160x120");
    assertEquals(1, catchUp.reduction(true, 1500, -1, 160, 120));
  }

  @Test
  void zeroNeverReduces() {
    assertEquals(1, CatchUp.OFF.reduction(true, 60_000, -1, 640, 480));
  }

  @Test
  void negativeBoundsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new CatchUp(-1, 0));
    assertThrows(IllegalArgumentException.class, () -> new CatchUp(500, -1));
  }

  @Test
  void theJoinsWaitForTheNextFrameIsNotLateness() {
    // 2 frames a second: an explanation that came after its frame waited up to 500 ms for the next
    assertEquals(1, catchUp.reduction(true, 1000, 500, 640, 480));
    assertEquals(2, catchUp.reduction(true, 1001, 500, 640, 480));
    // 25 frames a second: 40 ms of it
    assertEquals(2, catchUp.reduction(true, 1000, 40, 640, 480));
    assertEquals(1, catchUp.reduction(true, 540, 40, 640, 480));
  }

  @Test
  void theAllowanceIsAtMostTheJoinWait() {
    // one frame every 10 s: the join waits 1 s at most (join.wait.ms), and so much is allowed
    assertEquals(1, catchUp.reduction(true, 1500, 10_000, 640, 480));
    assertEquals(2, catchUp.reduction(true, 1501, 10_000, 640, 480));
    // a sink that never waits allows nothing
    assertEquals(2, new CatchUp(500, 0).reduction(true, 501, 500, 640, 480));
  }
}
