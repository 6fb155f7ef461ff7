package dev.decomcam.processor.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The skip rule on a fake clock. */
class LivePolicyTest {
  private static final long CAPTURED = 1_700_000_000_000L;

  private final AtomicLong now = new AtomicLong(CAPTURED);
  private final LivePolicy policy = new LivePolicy(300, now::get);

  @Test
  void aYoungLiveFrameIsExplained() {
    now.set(CAPTURED + 40);
    LivePolicy.Decision d = policy.decide(true, CAPTURED);
    assertFalse(d.skip());
    assertEquals(40, d.ageMs());
    assertEquals("", d.reason());
  }

  @Test
  void aLiveFrameOlderThanTheLagIsSkippedWithAOneLineReason() {
    now.set(CAPTURED + 734);
    LivePolicy.Decision d = policy.decide(true, CAPTURED);
    assertTrue(d.skip());
    assertEquals(734, d.ageMs());
    assertEquals(
        "frame age 734 ms > live.max.lag.ms=300: skipped to keep the live camera current",
        d.reason());
  }

  @Test
  void aFrameThatIsNotLiveIsAlwaysExplainedHoweverOld() {
    for (long age : new long[] {0, 300, 301, 60_000, 86_400_000L}) {
      now.set(CAPTURED + age);
      LivePolicy.Decision d = policy.decide(false, CAPTURED);
      assertFalse(d.skip(), "age " + age);
      assertEquals(age, d.ageMs());
    }
  }

  @Test
  void theBoundaryIsExplainedAndOneMillisecondMoreIsSkipped() {
    now.set(CAPTURED + 300);
    assertFalse(policy.decide(true, CAPTURED).skip(), "age = live.max.lag.ms is still explained");
    now.set(CAPTURED + 301);
    assertTrue(policy.decide(true, CAPTURED).skip());
  }

  @Test
  void theClockDecidesAtTheTimeOfTheCall() {
    // the same frame, buffered for a batch: young when it arrived, stale when the batch goes
    now.set(CAPTURED + 100);
    assertFalse(policy.decide(true, CAPTURED).skip());
    now.addAndGet(250);
    assertTrue(policy.decide(true, CAPTURED).skip());
  }

  @Test
  void aFrameFromAClockAheadOfOursIsExplained() {
    now.set(CAPTURED - 5_000);
    LivePolicy.Decision d = policy.decide(true, CAPTURED);
    assertFalse(d.skip());
    assertEquals(-5_000, d.ageMs());
  }

  @Test
  void invalidPoliciesAndDecisionsAreOneLineErrors() {
    IllegalArgumentException lag =
        assertThrows(IllegalArgumentException.class, () -> new LivePolicy(0, now::get));
    assertTrue(lag.getMessage().startsWith("live.max.lag.ms = 0: use 1 ms or more"));
    assertThrows(IllegalArgumentException.class, () -> new LivePolicy(300, null));
    assertThrows(IllegalArgumentException.class, () -> new LivePolicy.Decision(true, 500, ""));
    assertThrows(IllegalArgumentException.class, () -> new LivePolicy.Decision(false, 5, "x"));
    assertThrows(IllegalArgumentException.class, () -> new LivePolicy.Decision(true, 500, "a\nb"));
  }
}
