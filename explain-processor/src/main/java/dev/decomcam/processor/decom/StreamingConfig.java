package dev.decomcam.processor.decom;

import dev.decomcam.processor.track.TrackerConfig;
import java.util.Objects;

/**
 * Parameters of {@link StreamingDecomCam}: the Decom-CAM ones it shares with the per-frame
 * reference ({@code decom}), the tracker's ({@code tracker}) and its own:
 *
 * <ul>
 *   <li>{@code refreshPerFrame} (default 0.25): masked forwards per frame outside resets, may be
 *       fractional, spent on the stalest scores (round robin by age; new and drifted components
 *       first). With 10 components every score is refreshed about every 40 frames. A new component
 *       starts from the score of the previous component it resembles most until its turn comes. A
 *       re-oriented component (sign flip) reuses the score of that orientation when it was ever
 *       measured, and otherwise goes first in the queue. A masked forward costs about as much as
 *       the frame's own forward + gradient, so this budget sets the method's cost over a forward
 *       pass; {@code ./decomcam bench} measures both (the figures depend on model, engine and
 *       machine, so they live in its report, not here).
 *   <li>{@code refreshEvery} (default 8): the budget is spent in one round every this many frames,
 *       so a round's masked inputs share one blur of the frame and one batched forward.
 *   <li>{@code driftThreshold} (default 0.1): a persisting component whose map has drifted by more
 *       than this since it was last scored (1 − cos &gt; 0.1, about 26°: its mask has visibly
 *       changed) jumps the refresh queue, as if its score were one round-robin cycle old. It stays
 *       within the budget so a noisy low-energy component that churns every frame can neither
 *       starve the others nor raise the cost.
 *   <li>{@code rescoreAllFraction} (default 0.8): the new or drifted components are re-scored at
 *       once (the strongest, see {@code resetCoverage}) when they hold at least this share of the
 *       energy: the decomposition really changed, and weights are relative to the best score, so
 *       many stale scores would distort them.
 *   <li>{@code resetThreshold} (default 0.5): a scene cut is declared, and every component reset,
 *       when the cosine between this frame's centred activation signature and the previous one
 *       falls below this. Consecutive frames of one shot score about 0.9 or more; unrelated scenes
 *       about 0, since centring removes the shared mean activation.
 *   <li>{@code channelOverlap} (default 0.9): the decomposed channel set is sticky (so the columns,
 *       and the previous V, stay comparable across frames) and is replaced by the frame's own top-K
 *       only when fewer than this share of them are in it.
 *   <li>{@code resetCoverage} (default 0.6): on a reset, and when the decomposition changed ({@code
 *       rescoreAllFraction}), only the strongest components are scored at once, until they hold
 *       this share of the singular values Σσ (the combined map is Σ w_i·max(σ_i·u_i, 0), so they
 *       decide it); the rest are scored from the budget, meanwhile (after a reset) with the lowest
 *       measured score. 1 scores all of them at once. Lower values trade a little fidelity to full
 *       Decom-CAM on the frames after a reset for fewer masked forwards; {@code ./decomcam bench
 *       --reset-coverage C} measures the trade on a given model and video.
 * </ul>
 */
public record StreamingConfig(
    DecomCamConfig decom,
    TrackerConfig tracker,
    double refreshPerFrame,
    double driftThreshold,
    double rescoreAllFraction,
    double resetThreshold,
    double channelOverlap,
    int refreshEvery,
    double resetCoverage) {

  public StreamingConfig {
    Objects.requireNonNull(
        decom, "streaming config: decom config missing: use DecomCamConfig.defaults()");
    Objects.requireNonNull(
        tracker, "streaming config: tracker config missing: use TrackerConfig.defaults()");
    if (!(refreshPerFrame >= 0) || Double.isInfinite(refreshPerFrame)) {
      throw new IllegalArgumentException(
          "streaming config: refreshPerFrame must be >= 0, got "
              + refreshPerFrame
              + ": use e.g. 1");
    }
    if (refreshEvery < 1) {
      throw new IllegalArgumentException(
          "streaming config: refreshEvery must be >= 1 frame, got "
              + refreshEvery
              + ": use e.g. 4");
    }
    requireUnit("driftThreshold", driftThreshold, "0.1");
    requireUnit("rescoreAllFraction", rescoreAllFraction, "0.5");
    requireUnit("resetThreshold", resetThreshold, "0.5");
    requireUnit("channelOverlap", channelOverlap, "0.9");
    if (!(resetCoverage > 0 && resetCoverage <= 1)) {
      throw new IllegalArgumentException(
          "streaming config: resetCoverage must be in (0, 1], got "
              + resetCoverage
              + ": use e.g. 0.6 (1 = score every component at once)");
    }
  }

  private static void requireUnit(String name, double v, String example) {
    if (!(v >= 0 && v <= 1)) {
      throw new IllegalArgumentException(
          "streaming config: " + name + " must be in [0, 1], got " + v + ": use e.g. " + example);
    }
  }

  /**
   * Decom-CAM defaults, tracker defaults, refresh 0.25 every 8 frames, drift 0.1, rescore-all 0.8,
   * reset 0.5, overlap 0.9, reset coverage 0.6.
   */
  public static StreamingConfig defaults() {
    return of(DecomCamConfig.defaults());
  }

  /** {@link #defaults()} with the given Decom-CAM parameters. */
  public static StreamingConfig of(DecomCamConfig decom) {
    return new StreamingConfig(decom, TrackerConfig.defaults(), 0.25, 0.1, 0.8, 0.5, 0.9, 8, 0.6);
  }

  public StreamingConfig withRefreshPerFrame(double r) {
    return new StreamingConfig(
        decom,
        tracker,
        r,
        driftThreshold,
        rescoreAllFraction,
        resetThreshold,
        channelOverlap,
        refreshEvery,
        resetCoverage);
  }

  public StreamingConfig withRefreshEvery(int frames) {
    return new StreamingConfig(
        decom,
        tracker,
        refreshPerFrame,
        driftThreshold,
        rescoreAllFraction,
        resetThreshold,
        channelOverlap,
        frames,
        resetCoverage);
  }

  public StreamingConfig withRescoreAllFraction(double f) {
    return new StreamingConfig(
        decom,
        tracker,
        refreshPerFrame,
        driftThreshold,
        f,
        resetThreshold,
        channelOverlap,
        refreshEvery,
        resetCoverage);
  }

  public StreamingConfig withDriftThreshold(double d) {
    return new StreamingConfig(
        decom,
        tracker,
        refreshPerFrame,
        d,
        rescoreAllFraction,
        resetThreshold,
        channelOverlap,
        refreshEvery,
        resetCoverage);
  }

  public StreamingConfig withResetThreshold(double r) {
    return new StreamingConfig(
        decom,
        tracker,
        refreshPerFrame,
        driftThreshold,
        rescoreAllFraction,
        r,
        channelOverlap,
        refreshEvery,
        resetCoverage);
  }

  public StreamingConfig withChannelOverlap(double o) {
    return new StreamingConfig(
        decom,
        tracker,
        refreshPerFrame,
        driftThreshold,
        rescoreAllFraction,
        resetThreshold,
        o,
        refreshEvery,
        resetCoverage);
  }

  public StreamingConfig withResetCoverage(double c) {
    return new StreamingConfig(
        decom,
        tracker,
        refreshPerFrame,
        driftThreshold,
        rescoreAllFraction,
        resetThreshold,
        channelOverlap,
        refreshEvery,
        c);
  }

  public StreamingConfig withTracker(TrackerConfig t) {
    return new StreamingConfig(
        decom,
        t,
        refreshPerFrame,
        driftThreshold,
        rescoreAllFraction,
        resetThreshold,
        channelOverlap,
        refreshEvery,
        resetCoverage);
  }
}
