package dev.decomcam.ops.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SequenceCheckTest {

  private static SequenceCheck of(long... sequences) {
    SequenceCheck c = new SequenceCheck();
    for (long s : sequences) {
      c.add(s);
    }
    return c;
  }

  @Test
  void everySequenceOnceInOrderPasses() {
    assertTrue(of(0, 1, 2, 3, 4).exactlyOnceInOrder(5));
    assertTrue(of().exactlyOnceInOrder(0));
  }

  @Test
  void aMissingOneFails() {
    SequenceCheck c = of(0, 1, 3, 4);
    assertFalse(c.exactlyOnceInOrder(5));
    assertFalse(c.exactlyOnceInOrder(4), "as many records as expected, but 2 is missing");
    assertEquals(1, c.gaps());
    assertEquals(0, c.behind());
    assertFalse(of(0, 1, 2, 3).exactlyOnceInOrder(5), "the last one missing");
  }

  @Test
  void aDuplicateFails() {
    SequenceCheck c = of(0, 1, 2, 2, 3, 4);
    assertFalse(c.exactlyOnceInOrder(5));
    assertFalse(c.exactlyOnceInOrder(6));
    assertEquals(1, c.behind());
    assertFalse(of(0, 1, 2, 3, 4, 4).exactlyOnceInOrder(5), "the last one twice");
    assertFalse(of(0, 1, 1, 3, 4).exactlyOnceInOrder(5), "one twice, the next missing");
  }

  @Test
  void outOfOrderFails() {
    SequenceCheck c = of(0, 2, 1, 3, 4);
    assertFalse(c.exactlyOnceInOrder(5));
    assertEquals(1, c.gaps());
    assertEquals(1, c.behind());
    assertEquals(2, c.misplaced());
    assertEquals(4, c.highest());
  }
}
