package dev.decomcam.ops.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One model's results: one {@link VideoResult} per plain video and, when a hard-cut pair was given,
 * one for the joined sequence ({@code hardCut}, else null). The aggregate figures pool the frames
 * of the plain videos (the joined one is there for its cut, not its timings). {@code frameBatch}:
 * frames of several cameras batched vs one by one (null without a video). {@code extraMethod}: the
 * name of the per-frame method timed as (d) beside the others, or null for none.
 */
public record ModelResult(
    String spec,
    String modelId,
    String engine,
    List<VideoResult> videos,
    VideoResult hardCut,
    FrameBatchBench.Result frameBatch,
    String extraMethod) {

  public ModelResult {
    videos = List.copyOf(videos);
  }

  public double forwardMs() {
    return Stats.mean(pooled(VideoResult::forwardMs));
  }

  public double fullMs() {
    return Stats.mean(pooled(VideoResult::fullMs));
  }

  public double streamingMs() {
    return Stats.mean(pooled(VideoResult::streamingMs));
  }

  /** Mean (d) ms per frame: forward + the extra method; NaN without one. */
  public double extraMs() {
    return Stats.mean(pooled(VideoResult::extraMs));
  }

  /** Mean r of (d)'s map to full Decom-CAM's; NaN without an extra method. */
  public double extraR() {
    return Stats.mean(pooled(VideoResult::extraR));
  }

  public double ratioFull() {
    return fullMs() / forwardMs();
  }

  public double ratioStreaming() {
    return streamingMs() / forwardMs();
  }

  public double fidelityMean() {
    return Stats.mean(pooled(VideoResult::fidelity));
  }

  public double fidelityP10() {
    return Stats.percentile(pooled(VideoResult::fidelity), 10);
  }

  /** Mean r of full Decom-CAM with the downsampled blur to full Decom-CAM, over every frame. */
  public double blurFidelityMean() {
    return Stats.mean(pooled(VideoResult::blurFidelity));
  }

  /** Lowest such r over every frame. */
  public double blurFidelityMin() {
    return Stats.percentile(pooled(VideoResult::blurFidelity), 0);
  }

  public double stabilityFull() {
    return Stats.mean(pooled(VideoResult::stabilityFull));
  }

  public double stabilityStreaming() {
    return Stats.mean(pooled(VideoResult::stabilityStreaming));
  }

  public double idSwitchRate() {
    int compared = videos.stream().mapToInt(VideoResult::idCompared).sum();
    int switched = videos.stream().mapToInt(VideoResult::idSwitched).sum();
    return compared == 0 ? Double.NaN : (double) switched / compared;
  }

  public int frames() {
    return videos.stream().mapToInt(VideoResult::frames).sum();
  }

  public double maskedForwardsPerFrame() {
    return (double) videos.stream().mapToLong(VideoResult::maskedForwards).sum()
        / Math.max(1, frames());
  }

  /** All plain videos' values of one per-frame series, concatenated. */
  public double[] pooled(Function<VideoResult, double[]> series) {
    List<double[]> parts = new ArrayList<>();
    int n = 0;
    for (VideoResult v : videos) {
      double[] p = series.apply(v);
      parts.add(p);
      n += p.length;
    }
    double[] out = new double[n];
    int at = 0;
    for (double[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
