package dev.decomcam.ingest;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a lost live {@link VideoSource} back: waits by the {@link ReconnectPolicy}'s backoff,
 * reopens, and repeats until the source is back, the tries run out or the thread is interrupted.
 *
 * <p>Each outage logs one line when it starts and one when it ends (back, or given up), and is
 * reported to {@link IngestMetrics}; failed tries in between are logged at debug level only, so a
 * camera that is down for hours does not flood the log.
 */
public final class Reconnector {
  private static final Logger LOG = LoggerFactory.getLogger(Reconnector.class);

  /** Waits between tries; a fake one makes the backoff testable without sleeping. */
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;

    static Sleeper system() {
      return d -> Thread.sleep(d.toMillis());
    }
  }

  private final String camera;
  private final ReconnectPolicy policy;
  private final IngestMetrics metrics;
  private final Sleeper sleeper;
  private volatile long reconnects;
  private volatile long outageMsTotal;

  public Reconnector(
      String camera, ReconnectPolicy policy, IngestMetrics metrics, Sleeper sleeper) {
    this.camera = camera;
    this.policy = policy;
    this.metrics = metrics;
    this.sleeper = sleeper;
  }

  public Reconnector(String camera, ReconnectPolicy policy, IngestMetrics metrics) {
    this(camera, policy, metrics, Sleeper.system());
  }

  /** Whether a source of this kind that was lost is tried again (live sources, when enabled). */
  public boolean handles(VideoSource source) {
    return policy.enabled() && source.kind() != VideoSource.Kind.FILE;
  }

  /**
   * Reopens the lost {@code source}; true when it is back, false when the tries ran out (the stream
   * then ends). Interruption (ingest stopped) ends the outage and is rethrown.
   */
  public boolean reconnect(VideoSource source) throws InterruptedException {
    String why = source.lossReason() == null ? "lost" : source.lossReason();
    long start = System.nanoTime();
    LOG.warn(
        "camera {}: source {} lost ({}): reconnecting, first try in {} ms",
        camera,
        source.source(),
        why,
        policy.delay(1).toMillis());
    metrics.connected(camera, false);
    metrics.outageStarted(camera, why);
    int attempts = 0;
    String last = why;
    try {
      while (policy.mayRetry(attempts)) {
        attempts++;
        sleeper.sleep(policy.delay(attempts));
        try {
          source.reopen();
          long ms = elapsedMs(start);
          reconnects++;
          outageMsTotal += ms;
          LOG.info(
              "camera {}: source {} back after {} ms ({} tries), outage {} of this run",
              camera,
              source.source(),
              ms,
              attempts,
              reconnects);
          metrics.connected(camera, true);
          metrics.reconnected(camera, ms, attempts);
          return true;
        } catch (IngestException e) {
          last = e.getMessage();
          LOG.debug("camera {}: reconnect try {} failed: {}", camera, attempts, last);
          metrics.reconnectFailed(camera, last);
        }
      }
    } catch (InterruptedException e) {
      long ms = elapsedMs(start);
      outageMsTotal += ms;
      LOG.info("camera {}: stopped during an outage of {} ms", camera, ms);
      metrics.outageEnded(camera, ms);
      throw e;
    }
    long ms = elapsedMs(start);
    outageMsTotal += ms;
    LOG.error(
        "camera {}: source {} still down after {} tries over {} ms ({}): giving up; raise"
            + " reconnect.attempts (0 = unlimited) to keep trying",
        camera,
        source.source(),
        attempts,
        ms,
        last);
    metrics.outageEnded(camera, ms);
    return false;
  }

  private static long elapsedMs(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  /** Outages the source came back from so far. */
  public long reconnects() {
    return reconnects;
  }

  /** Milliseconds spent without a source so far, over all outages. */
  public long outageMs() {
    return outageMsTotal;
  }
}
