package dev.decomcam.processor.live;

import java.util.function.LongSupplier;

/**
 * Decides whether a frame is explained or skipped. A live camera must stay current: when frames
 * arrive faster than they can be explained, a live frame ({@code Frame.live}) older than {@code
 * live.max.lag.ms} when it would be explained is skipped (its overlay reuses the camera's latest
 * explanation), so the processor catches up with the newest frames instead of falling further
 * behind. A frame that is not live (a recording, a replay) is always explained, in order.
 *
 * <p>A frame's age is this processor's wall clock minus the frame's capture time, which ingest
 * stamps with its own clock: a producer on another machine needs a synchronised clock (NTP), or a
 * clock running ahead of this one makes its frames look young (never skipped) and one running
 * behind makes them look stale (skipped). An age of exactly {@code maxLagMs} is still explained.
 *
 * <p>With a {@link FairShare} of the stream thread, a young live frame is also skipped when its
 * camera is getting more than its share of the thread (see there), so that under overload every
 * live camera is explained about as often as the others.
 *
 * @param maxLagMs the largest age (ms) at which a live frame is still explained
 * @param clock this processor's wall clock, epoch milliseconds
 * @param fair the stream thread's share of explain time among live cameras, or null for none
 */
public record LivePolicy(long maxLagMs, LongSupplier clock, FairShare fair) {

  /** The setting that sets {@link #maxLagMs}, named in skip reasons. */
  public static final String SETTING = "live.max.lag.ms";

  /** The age rule alone. */
  public LivePolicy(long maxLagMs, LongSupplier clock) {
    this(maxLagMs, clock, null);
  }

  public LivePolicy {
    if (maxLagMs < 1) {
      throw new IllegalArgumentException(
          SETTING + " = " + maxLagMs + ": use 1 ms or more (a live frame's largest age)");
    }
    if (clock == null) {
      throw new IllegalArgumentException("the live policy needs a clock: pass the wall clock");
    }
  }

  /**
   * What to do with a frame captured at {@code captureTimestampMs}, now, by the age rule alone.
   *
   * @param live the frame's {@code Frame.live}
   */
  public Decision decide(boolean live, long captureTimestampMs) {
    return decide(live, null, captureTimestampMs);
  }

  /**
   * What to do with camera {@code camera}'s frame captured at {@code captureTimestampMs}, now: the
   * age rule, then the fair share (when there is one and the camera is named).
   *
   * @param live the frame's {@code Frame.live}
   */
  public Decision decide(boolean live, String camera, long captureTimestampMs) {
    long now = clock.getAsLong();
    long age = now - captureTimestampMs;
    if (!live) {
      return Decision.explain(age);
    }
    // asked for every live frame, so that a camera whose frames are all stale still counts as live
    String unfair = fair == null || camera == null ? null : fair.check(camera, now).orElse(null);
    if (age <= maxLagMs) {
      return unfair == null ? Decision.explain(age) : new Decision(true, age, unfair);
    }
    return new Decision(
        true,
        age,
        "frame age "
            + age
            + " ms > "
            + SETTING
            + "="
            + maxLagMs
            + ": skipped to keep the live camera current");
  }

  /**
   * Notes that a live frame of {@code camera} was explained from {@code startMs} (this policy's
   * clock) taking {@code ms}, for the fair share.
   */
  public void explained(String camera, long startMs, double ms) {
    if (fair != null) {
      fair.explained(camera, startMs, ms);
    }
  }

  /**
   * Whether a frame is skipped, its age when decided and, for a skipped one, the reason (one line).
   *
   * @param ageMs wall clock minus capture time; negative when the producer's clock runs ahead
   * @param reason why the frame is skipped; empty when it is explained
   */
  public record Decision(boolean skip, long ageMs, String reason) {
    public Decision {
      if (reason == null || skip == reason.isEmpty() || reason.contains("\n")) {
        throw new IllegalArgumentException(
            "a skip decision needs a one-line reason and an explain decision none, got '"
                + reason
                + "'");
      }
    }

    static Decision explain(long ageMs) {
      return new Decision(false, ageMs, "");
    }
  }
}
