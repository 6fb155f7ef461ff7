package dev.decomcam.ingest;

import java.time.Duration;

/**
 * When and how often a lost live source (URL or device) is opened again: the first retry after
 * {@code initialDelay}, each later one after twice the previous delay, capped at {@code maxDelay};
 * at most {@code maxAttempts} tries per outage (0 = until it comes back or ingest is stopped). A
 * live source counts as lost when it ends, breaks, or delivers no frame for {@code stallTimeout}.
 * Files are never reopened: their end is the end of the stream.
 *
 * @param enabled false: a lost source ends its stream, as a file's end does
 */
public record ReconnectPolicy(
    boolean enabled,
    Duration initialDelay,
    Duration maxDelay,
    int maxAttempts,
    Duration stallTimeout) {

  /** Reconnects forever, from 0.5 s up to 30 s apart; a stall is 10 s without a frame. */
  public static final ReconnectPolicy DEFAULT =
      new ReconnectPolicy(
          true, Duration.ofMillis(500), Duration.ofSeconds(30), 0, Duration.ofSeconds(10));

  /** Never reconnects. */
  public static final ReconnectPolicy NEVER =
      new ReconnectPolicy(
          false, Duration.ofMillis(500), Duration.ofSeconds(30), 0, Duration.ofSeconds(10));

  public ReconnectPolicy {
    if (initialDelay == null || initialDelay.isNegative() || initialDelay.isZero()) {
      throw new IllegalArgumentException(
          "reconnect initial delay " + initialDelay + ": use a positive duration");
    }
    if (maxDelay == null || maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException(
          "reconnect max delay "
              + maxDelay
              + " is below the initial "
              + initialDelay
              + ": raise the max delay");
    }
    if (maxAttempts < 0) {
      throw new IllegalArgumentException(
          "reconnect attempts = " + maxAttempts + ": use 0 (unlimited) or more");
    }
    if (stallTimeout == null || stallTimeout.isNegative() || stallTimeout.isZero()) {
      throw new IllegalArgumentException(
          "stall timeout " + stallTimeout + ": use a positive duration");
    }
  }

  /** The wait before the 1-based {@code attempt}: doubling from the initial delay, capped. */
  public Duration delay(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt = " + attempt + ": attempts count from 1");
    }
    long ms = initialDelay.toMillis();
    for (int i = 1; i < attempt && ms < maxDelay.toMillis(); i++) {
      ms *= 2;
    }
    return Duration.ofMillis(Math.min(ms, maxDelay.toMillis()));
  }

  /** Whether another try may follow {@code attemptsSoFar} failed ones in this outage. */
  public boolean mayRetry(int attemptsSoFar) {
    return maxAttempts == 0 || attemptsSoFar < maxAttempts;
  }

  @Override
  public String toString() {
    if (!enabled) {
      return "off";
    }
    return "every "
        + initialDelay.toMillis()
        + ".."
        + maxDelay.toMillis()
        + " ms, "
        + (maxAttempts == 0 ? "unlimited" : Integer.toString(maxAttempts))
        + " tries, stall "
        + stallTimeout.toMillis()
        + " ms";
  }
}
