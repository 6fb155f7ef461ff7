package dev.decomcam.processor.track;

/**
 * Thresholds of the {@link ComponentTracker}, on the |cosine| of two maps.
 *
 * <ul>
 *   <li>{@code matchThreshold} (default 0.6): a link to a track born on the previous frame needs at
 *       least this. 0.6 is above 1/√3, so a map can pass it against at most two of the previous
 *       frame's mutually orthogonal maps (3·0.6² > 1) and a fresh link is nearly unambiguous before
 *       the assignment even resolves it.
 *   <li>{@code keepThreshold} (default 0.4): an established track (age ≥ 2) keeps its id while its
 *       best link stays at or above this. Per-frame flicker comes from near-equal singular values
 *       mixing within their plane; 0.4 keeps an identity through a rotation of up to ~66° there,
 *       while the gap to 0.6 stops a component at the edge from flapping between "same" and "new"
 *       every frame.
 *   <li>{@code signSwitchRatio} (default 1.0): a persisting component keeps the previous frame's
 *       orientation (SVD signs are arbitrary; Decom-CAM's "largest |value| positive" rule flips
 *       when the two extremes are close) unless the per-frame orientation's peak is at least this
 *       many times its opposite peak; then it follows the per-frame rule and is marked as changed.
 *       1.0 always follows the per-frame rule (flips are then real changes, and flagged); larger
 *       values hold the orientation through near-ties. Most of full Decom-CAM's flicker is these
 *       near-tie flips, so a larger value buys stability at the price of agreement with the
 *       reference ({@code ./decomcam bench} measures both); the default favours agreement.
 *   <li>{@code weakEnergy} (default 0.03) and {@code weakSignSwitchRatio} (default 2.0): a
 *       component holding less than {@code weakEnergy} of this frame's components' energy (Σ s_i²)
 *       flips only when its per-frame peak is {@code weakSignSwitchRatio} times the opposite one.
 *       Weak components are where near-ties flip most and matter least for agreement, so holding
 *       only them gains stability for little fidelity, where holding every component costs much
 *       more of it ({@code ./decomcam bench} measures both). {@code weakEnergy} 0 turns it off.
 * </ul>
 */
public record TrackerConfig(
    double matchThreshold,
    double keepThreshold,
    double signSwitchRatio,
    double weakEnergy,
    double weakSignSwitchRatio) {

  public TrackerConfig {
    if (!(keepThreshold > 0 && keepThreshold <= matchThreshold && matchThreshold <= 1)) {
      throw new IllegalArgumentException(
          "tracker config: need 0 < keepThreshold <= matchThreshold <= 1, got keep="
              + keepThreshold
              + " match="
              + matchThreshold
              + ": use e.g. keep 0.4, match 0.6");
    }
    if (!(signSwitchRatio >= 1) || Double.isInfinite(signSwitchRatio)) {
      throw new IllegalArgumentException(
          "tracker config: signSwitchRatio must be a finite number >= 1, got "
              + signSwitchRatio
              + ": use e.g. 1.5");
    }
    if (!(weakEnergy >= 0 && weakEnergy <= 1)) {
      throw new IllegalArgumentException(
          "tracker config: weakEnergy must be in [0, 1], got " + weakEnergy + ": use e.g. 0.05");
    }
    if (!(weakSignSwitchRatio >= 1) || Double.isInfinite(weakSignSwitchRatio)) {
      throw new IllegalArgumentException(
          "tracker config: weakSignSwitchRatio must be a finite number >= 1, got "
              + weakSignSwitchRatio
              + ": use e.g. 1.5");
    }
  }

  /** match 0.6, keep 0.4, sign switch 1.0, weak energy 0.03 with sign switch 2.0. */
  public static TrackerConfig defaults() {
    return new TrackerConfig(0.6, 0.4, 1.0, 0.03, 2.0);
  }

  public TrackerConfig withSignSwitchRatio(double r) {
    return new TrackerConfig(matchThreshold, keepThreshold, r, weakEnergy, weakSignSwitchRatio);
  }

  /**
   * Components under {@code energy} of the frame's components' energy flip only at {@code ratio}.
   */
  public TrackerConfig withWeakSignSwitch(double energy, double ratio) {
    return new TrackerConfig(matchThreshold, keepThreshold, signSwitchRatio, energy, ratio);
  }
}
