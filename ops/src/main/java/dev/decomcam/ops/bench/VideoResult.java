package dev.decomcam.ops.bench;

/**
 * One model on one frame sequence, per frame: wall time of (a) forward + gradient, (b) forward +
 * full Decom-CAM, (c) forward + streaming Decom-CAM; the Pearson r of the streaming map to the full
 * one; the r between consecutive maps of each method (one fewer value, none across a cut); and per
 * sequence: frames compared and switched by the {@link IdSwitchCheck}, masked forwards run by the
 * streaming method, its resets, top-1 class changes, and the {@link CutCheck} (null without a cut),
 * and the streaming method's mean time per stage (ms per frame, from its {@code SaliencyResult}
 * timings) to show where (c) − (a) goes, and its masked forwards by cause ({@code
 * Tracking.Scoring}: reset, changed, refresh; plus estimated, the component-frames that carried a
 * never-measured score); per frame, the {@link BlurFidelity}: r of (b)'s map with streaming's
 * downsampled blur as the masked-input baseline to (b)'s own; when the bench times another
 * per-frame method as (d), its wall time per frame (forward + method) and the r of its map to (b)'s
 * (both empty without it).
 */
public record VideoResult(
    String video,
    int frames,
    double[] forwardMs,
    double[] fullMs,
    double[] streamingMs,
    double[] fidelity,
    double[] stabilityFull,
    double[] stabilityStreaming,
    int idCompared,
    int idSwitched,
    long maskedForwards,
    int resets,
    int targetChanges,
    CutCheck cut,
    java.util.Map<String, Double> streamingStagesMs,
    java.util.Map<String, Long> scoredBy,
    double[] blurFidelity,
    double[] extraMs,
    double[] extraR) {

  /**
   * Mean (c) / mean (a): the streaming method's cost in forward passes, amortised over the
   * sequence.
   */
  public double ratioStreaming() {
    return Stats.mean(streamingMs) / Stats.mean(forwardMs);
  }

  /** Mean (b) / mean (a). */
  public double ratioFull() {
    return Stats.mean(fullMs) / Stats.mean(forwardMs);
  }

  /** Share of compared frames with an id switch; NaN when none were compared. */
  public double idSwitchRate() {
    return idCompared == 0 ? Double.NaN : (double) idSwitched / idCompared;
  }
}
