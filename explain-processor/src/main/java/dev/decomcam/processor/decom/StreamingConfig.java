package dev.decomcam.processor.decom;

import dev.decomcam.processor.track.TrackerConfig;
import java.util.Objects;

/**
 * Parameters of {@link StreamingDecomCam}: the Decom-CAM ones it shares with the per-frame
 * reference ({@code decom}), the tracker's ({@code tracker}) and its own:
 *
 * <ul>
 *   <li>{@code refreshPerFrame} (default 1): masked forwards per frame outside resets, spent on the
 *   stalest scores (round robin by age, new, re-oriented and drifted components first). With 10
 *   components every score is about 10 frames old at most, and a frame costs one forward +
 *   gradient plus one masked forward. A new component starts from the score of the previous
 *   component it resembles most until its turn comes.</li>
 *   <li>{@code driftThreshold} (default 0.1): a persisting component whose map has drifted by
 *   more than this since it was last scored (1 − cos &gt; 0.1, about 26°: its mask has visibly
 *   changed) jumps the refresh queue, as if its score were one round-robin cycle old. It stays
 *   within the budget so a noisy low-energy component that churns every frame can neither
 *   starve the others nor raise the cost.</li>
 *   <li>{@code rescoreAllFraction} (default 0.5): all components are re-scored when the new,
 *   re-oriented or drifted ones hold at least this share of the energy: the decomposition really
 *   changed, and weights are relative to the best score, so many stale scores would distort them.</li>
 *   <li>{@code resetThreshold} (default 0.5): a scene cut is declared, and every component
 *   reset, when the cosine between this frame's centred activation signature and the previous
 *   one falls below this. Consecutive frames of one shot score about 0.9 or more; unrelated
 *   scenes about 0, since centring removes the shared mean activation.</li>
 *   <li>{@code channelOverlap} (default 0.9): the decomposed channel set is sticky (so the columns,
 *   and the previous V, stay comparable across frames) and is replaced by the frame's own
 *   top-K only when fewer than this share of them are in it.</li>
 * </ul>
 */
public record StreamingConfig(DecomCamConfig decom, TrackerConfig tracker, double refreshPerFrame,
    double driftThreshold, double rescoreAllFraction, double resetThreshold, double channelOverlap) {

  public StreamingConfig {
    Objects.requireNonNull(decom, "streaming config: decom config missing: use DecomCamConfig.defaults()");
    Objects.requireNonNull(tracker, "streaming config: tracker config missing: use TrackerConfig.defaults()");
    if (!(refreshPerFrame >= 0) || Double.isInfinite(refreshPerFrame)) {
      throw new IllegalArgumentException("streaming config: refreshPerFrame must be >= 0, got " + refreshPerFrame
          + ": use e.g. 1");
    }
    requireUnit("driftThreshold", driftThreshold, "0.1");
    requireUnit("rescoreAllFraction", rescoreAllFraction, "0.5");
    requireUnit("resetThreshold", resetThreshold, "0.5");
    requireUnit("channelOverlap", channelOverlap, "0.9");
  }

  private static void requireUnit(String name, double v, String example) {
    if (!(v >= 0 && v <= 1)) {
      throw new IllegalArgumentException("streaming config: " + name + " must be in [0, 1], got " + v + ": use e.g. "
          + example);
    }
  }

  /** Decom-CAM defaults, tracker defaults, refresh 1, drift 0.1, rescore-all 0.5, reset 0.5, overlap 0.9. */
  public static StreamingConfig defaults() {
    return of(DecomCamConfig.defaults());
  }

  /** {@link #defaults()} with the given Decom-CAM parameters. */
  public static StreamingConfig of(DecomCamConfig decom) {
    return new StreamingConfig(decom, TrackerConfig.defaults(), 1, 0.1, 0.5, 0.5, 0.9);
  }

  public StreamingConfig withRefreshPerFrame(double r) {
    return new StreamingConfig(decom, tracker, r, driftThreshold, rescoreAllFraction, resetThreshold, channelOverlap);
  }

  public StreamingConfig withDriftThreshold(double d) {
    return new StreamingConfig(decom, tracker, refreshPerFrame, d, rescoreAllFraction, resetThreshold, channelOverlap);
  }

  public StreamingConfig withResetThreshold(double r) {
    return new StreamingConfig(decom, tracker, refreshPerFrame, driftThreshold, rescoreAllFraction, r, channelOverlap);
  }

  public StreamingConfig withChannelOverlap(double o) {
    return new StreamingConfig(decom, tracker, refreshPerFrame, driftThreshold, rescoreAllFraction, resetThreshold, o);
  }

  public StreamingConfig withTracker(TrackerConfig t) {
    return new StreamingConfig(decom, t, refreshPerFrame, driftThreshold, rescoreAllFraction, resetThreshold,
        channelOverlap);
  }
}
