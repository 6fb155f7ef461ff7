package dev.decomcam.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconnectPolicyTest {
  private static ReconnectPolicy policy(long initialMs, long maxMs, int attempts) {
    return new ReconnectPolicy(
        true,
        Duration.ofMillis(initialMs),
        Duration.ofMillis(maxMs),
        attempts,
        Duration.ofSeconds(10));
  }

  @Test
  void backoffDoublesUpToTheCap() {
    ReconnectPolicy p = policy(500, 3_000, 0);
    assertEquals(500, p.delay(1).toMillis());
    assertEquals(1_000, p.delay(2).toMillis());
    assertEquals(2_000, p.delay(3).toMillis());
    assertEquals(3_000, p.delay(4).toMillis());
    assertEquals(3_000, p.delay(1_000_000).toMillis(), "capped, and no overflow on long outages");
  }

  @Test
  void zeroAttemptsMeansUnlimited() {
    assertTrue(policy(500, 3_000, 0).mayRetry(Integer.MAX_VALUE - 1));
    ReconnectPolicy three = policy(500, 3_000, 3);
    assertTrue(three.mayRetry(2));
    assertFalse(three.mayRetry(3));
  }

  @Test
  void defaultsReconnectForeverAndDescribeThemselves() {
    assertTrue(ReconnectPolicy.DEFAULT.enabled());
    assertEquals(0, ReconnectPolicy.DEFAULT.maxAttempts());
    assertEquals(
        "every 500..30000 ms, unlimited tries, stall 10000 ms", ReconnectPolicy.DEFAULT.toString());
    assertEquals("off", ReconnectPolicy.NEVER.toString());
  }

  @Test
  void rejectsInconsistentSettingsWithTheFix() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> policy(2_000, 1_000, 0));
    assertTrue(e.getMessage().contains("raise the max delay"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> policy(0, 1_000, 0));
    assertThrows(IllegalArgumentException.class, () -> policy(500, 1_000, -1));
    assertThrows(IllegalArgumentException.class, () -> policy(500, 1_000, 0).delay(0));
  }
}
