package dev.decomcam.processor.decom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class StickyChannelsTest {
  private static final int[] PREVIOUS = {1, 3, 5, 7};
  private static final int[] TOP = {3, 5, 7, 9};
  private static final DMatrixRMaj BASIS = new DMatrixRMaj(new double[][] {{10}, {30}, {50}, {70}});

  @Test
  void overlapCountsSharedChannels() {
    assertEquals(3, StickyChannels.overlap(PREVIOUS, TOP));
    assertEquals(0, StickyChannels.overlap(new int[] {2, 4}, new int[] {1, 3}));
  }

  @Test
  void enoughOverlapKeepsThePreviousSetAndBasis() {
    StickyChannels.Choice c = new StickyChannels(0.75).choose(TOP, PREVIOUS, BASIS);
    assertArrayEquals(PREVIOUS, c.channels());
    assertSame(BASIS, c.warm());
    assertTrue(c.comparable());
  }

  @Test
  void tooLittleOverlapTakesTheFramesTopKWithTheBasisMovedOntoIt() {
    StickyChannels.Choice c = new StickyChannels(0.9).choose(TOP, PREVIOUS, BASIS);
    assertArrayEquals(TOP, c.channels());
    assertFalse(c.comparable());
    assertArrayEquals(new double[] {30, 50, 70, 0}, c.warm().data, 0);
  }

  @Test
  void afterAResetTheTopKStartsCold() {
    StickyChannels.Choice c = StickyChannels.fresh(TOP);
    assertArrayEquals(TOP, c.channels());
    assertNull(c.warm());
    assertFalse(c.comparable());
  }
}
