package dev.decomcam.common.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CameraCapTest {
  @Test
  void takesSlotsUpToTheCapAndGivesThemBack() {
    CameraCap cap = new CameraCap(2);
    assertTrue(cap.tryTake());
    assertTrue(cap.tryTake());
    assertFalse(cap.tryTake(), "a third camera is refused");
    assertEquals(2, cap.cameras());
    cap.release(1);
    assertTrue(cap.tryTake(), "a forgotten camera makes room");
    cap.hold(3); // restored state, over the cap
    assertEquals(5, cap.cameras());
    assertFalse(cap.tryTake());
    cap.release(5);
    assertEquals(0, cap.cameras());
  }

  @Test
  void refusalNamesTheSettingOnOneLine() {
    String why = new CameraCap(7).refusal("frame cam#3");
    assertTrue(why.contains("cameras.max=7"), why);
    assertEquals(1, why.lines().count());
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> new CameraCap(0))
            .getMessage()
            .contains("cameras.max"));
  }
}
