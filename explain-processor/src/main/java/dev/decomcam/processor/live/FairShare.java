package dev.decomcam.processor.live;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Shares one stream thread's explain time evenly among the live cameras it serves. The age rule of
 * {@link LivePolicy} alone keeps each frame recent but not each camera: Kafka Streams hands a
 * thread its partitions' records in turn, so under overload a partition holding one camera gets as
 * much explain time as one holding three, and within a partition whichever camera's frame comes
 * first after a burst of stale ones is explained while the others age.
 *
 * <p>Each live camera earns credit over time at its fair rate, one frame per fair interval: the
 * number of live cameras on the thread times the mean explain time, so that the shares add up to
 * what the thread can do. (Shares that add up to more, to be sure no capacity idles, let the queue
 * grow until the age rule trims it, and that rule hits the cameras whose frames come last in a
 * partition: fairness is lost again.) An explained frame spends one credit; a camera without a
 * whole credit is skipped. A thread that keeps up with all its cameras gives each more than a
 * credit between two of its frames, so nothing is skipped there; under overload each camera is
 * explained about equally often, at whatever spacing its frame rate allows. Credit is capped, so a
 * camera cannot save up a burst. With one live camera there is no one to share with: only the age
 * rule applies.
 *
 * <p>Pure and clock-free: times are passed in (processing time, ms). Not thread-safe: one instance
 * per stream thread, shared by that thread's tasks. Cameras not seen for {@code forgetMs} no longer
 * count, so memory is bounded by the cameras live in that window (and by {@link #MAX_CAMERAS}).
 */
public final class FairShare {
  /** Most credit a camera holds: one frame now and a little to spare. */
  static final double MAX_CREDIT = 1.5;

  /** Cameras tracked at most: beyond (a flood of camera ids), new ones are not held back. */
  static final int MAX_CAMERAS = 4_096;

  /** Weight of the newest explain time in the running mean. */
  private static final double SMOOTHING = 0.1;

  private final long forgetMs;
  private final Map<String, Camera> cameras = new HashMap<>();
  private double meanExplainMs = Double.NaN;

  private static final class Camera {
    long seenMs;
    long explainedMs = Long.MIN_VALUE;
    double credit = 1;

    Camera(long nowMs) {
      seenMs = nowMs;
    }
  }

  /**
   * @param forgetMs how long a camera counts as live after its last live frame
   */
  public FairShare(long forgetMs) {
    if (forgetMs < 1) {
      throw new IllegalArgumentException(
          "fair share forget time " + forgetMs + " ms: use 1 ms or more, e.g. 2000");
    }
    this.forgetMs = forgetMs;
  }

  /**
   * Notes a live frame of {@code camera} at {@code nowMs} and says whether it should be skipped to
   * leave the thread's time to other cameras: the one-line reason, or empty when it is its turn.
   */
  public Optional<String> check(String camera, long nowMs) {
    sweep(nowMs);
    Camera c = cameras.get(camera);
    if (c == null) {
      if (cameras.size() >= MAX_CAMERAS) {
        return Optional.empty();
      }
      c = new Camera(nowMs);
      cameras.put(camera, c);
    }
    int live = cameras.size();
    boolean sharing = live >= 2 && !Double.isNaN(meanExplainMs);
    if (sharing) {
      double earned = Math.max(0, nowMs - c.seenMs) / (live * meanExplainMs);
      c.credit = Math.min(MAX_CREDIT, c.credit + earned);
    }
    c.seenMs = nowMs;
    if (!sharing || c.credit >= 1) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            Locale.ROOT,
            "camera explained %d ms ago, more often than its fair share of one frame every %.0f ms"
                + " (%d live cameras x %.1f ms on this stream thread): skipped to keep every live"
                + " camera current",
            nowMs - c.explainedMs,
            live * meanExplainMs,
            live,
            meanExplainMs));
  }

  /**
   * Notes that a live frame of {@code camera} was explained from {@code startMs}, taking {@code
   * ms}.
   */
  public void explained(String camera, long startMs, double ms) {
    Camera c = cameras.get(camera);
    if (c != null) {
      c.explainedMs = startMs;
      c.credit = Math.max(0, c.credit - 1);
    }
    if (ms >= 0 && Double.isFinite(ms)) {
      meanExplainMs =
          Double.isNaN(meanExplainMs) ? ms : meanExplainMs + SMOOTHING * (ms - meanExplainMs);
    }
  }

  /** Live cameras counted now (for tests and metrics). */
  public int liveCameras(long nowMs) {
    sweep(nowMs);
    return cameras.size();
  }

  /** The running mean of explain times (ms), NaN before the first. */
  public double meanExplainMs() {
    return meanExplainMs;
  }

  private void sweep(long nowMs) {
    for (Iterator<Camera> it = cameras.values().iterator(); it.hasNext(); ) {
      if (nowMs - it.next().seenMs > forgetMs) {
        it.remove();
      }
    }
  }
}
