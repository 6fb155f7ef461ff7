package dev.decomcam.processor.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TargetChooserTest {

  @Test
  void aConfiguredClassIsAlwaysExplained() {
    assertEquals(2, new TargetChooser(2, 3).choose(new float[] {9, 1, 0}, 0));
  }

  @Test
  void topOneIgnoresThePreviousClass() {
    assertEquals(1, TargetChooser.top1().choose(new float[] {2, 3, 1}, 0));
  }

  @Test
  void stickyKeepsThePreviousClassWhileInTheTopK() {
    TargetChooser sticky = TargetChooser.sticky(2);
    assertEquals(0, sticky.choose(new float[] {2, 3, 1}, 0), "second: still in the top 2");
    assertEquals(2, sticky.choose(new float[] {1, 2, 3}, 0), "third: follow the top-1");
    assertEquals(1, sticky.choose(new float[] {2, 3, 1}, -1), "no previous class: the top-1");
    assertEquals(1, sticky.choose(new float[] {2, 3, 1}, 7), "a class the model lacks: the top-1");
  }

  @Test
  void stickyMustBeAtLeastOne() {
    assertEquals(
        "sticky target must be >= 1 (1 = top-1 class), got 0",
        assertThrows(IllegalArgumentException.class, () -> new TargetChooser(-1, 0)).getMessage());
  }
}
