package dev.decomcam.ops.bench;

import dev.decomcam.processor.decom.CameraState;
import dev.decomcam.processor.explain.ExplainedFrame;
import dev.decomcam.processor.explain.FrameExplainer;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The explainer alone, the pipeline's ceiling: one {@link FrameExplainer} (as the processor builds
 * it) explains frames already decoded in memory, one after the other on the calling thread, the
 * camera's state carried from frame to frame. Each frame's time is preprocess + forward + gradient
 * + the saliency method; no Kafka, JPEG or rendering. The clip is explained once untimed first (the
 * JIT compiles the explainer's code while it runs), then looped from a cold state for as many
 * frames as are timed, the first {@code warmUp} of them untimed (the cold state's reset): a steady
 * figure over as many frames, with as many cuts where the loop starts over, as the pipeline's
 * figure it is compared with ({@link PipelineFigures#steadyFps}).
 */
public final class ExplainerBench {
  private ExplainerBench() {}

  /**
   * Frames timed, their total seconds, the mean ms per stage (the explainer's own timings) and the
   * frames of the clip they looped over.
   */
  public record Result(int frames, double seconds, Map<String, Double> stagesMs, int clip) {
    public Result {
      if (frames < 1 || !(seconds > 0) || clip < 1) {
        throw new IllegalArgumentException(
            "explainer result: "
                + frames
                + " frames in "
                + seconds
                + " s over a clip of "
                + clip
                + ": time at least one frame of a clip of at least one");
      }
      stagesMs = Collections.unmodifiableMap(new LinkedHashMap<>(stagesMs));
    }

    public double fps() {
      return frames / seconds;
    }

    /**
     * This result and {@code other}, on the same clip, as one: frames and seconds summed, each
     * stage's mean weighted by the frames behind it.
     */
    public Result and(Result other) {
      if (other.clip != clip) {
        throw new IllegalArgumentException(
            "explainer results over clips of " + clip + " and " + other.clip + ": join one clip's");
      }
      Map<String, Double> means = new LinkedHashMap<>();
      int n = frames + other.frames;
      stagesMs.forEach(
          (k, v) -> {
            Double w = other.stagesMs.get(k);
            means.put(k, w == null ? v : (v * frames + w * other.frames) / n);
          });
      other.stagesMs.forEach(means::putIfAbsent);
      return new Result(n, seconds + other.seconds, means, clip);
    }
  }

  /**
   * Explains {@code clip} once untimed, then {@code warmUp + timed} frames of it looped from a cold
   * state at {@code fps} capture spacing, timing all but the first {@code warmUp}.
   */
  public static <S extends CameraState> Result run(
      FrameExplainer<S> explainer, List<BufferedImage> clip, int warmUp, int timed, double fps) {
    if (clip.isEmpty() || timed < 1 || warmUp < 0) {
      throw new IllegalArgumentException(
          "explainer bench: a clip of "
              + clip.size()
              + " frames, "
              + warmUp
              + " warm-up and "
              + timed
              + " timed: pass a video with frames and time at least one");
    }
    S state = explainer.method().coldState();
    for (int i = 0; i < clip.size(); i++) {
      state = explainer.explain(clip.get(i), Math.round(i * 1000.0 / fps), state).next();
    }
    state = explainer.method().coldState();
    long nanos = 0;
    Map<String, List<Double>> stages = new LinkedHashMap<>();
    for (int i = 0; i < warmUp + timed; i++) {
      long captured = Math.round(i * 1000.0 / fps);
      long t0 = System.nanoTime();
      ExplainedFrame<S> e = explainer.explain(clip.get(i % clip.size()), captured, state);
      long t1 = System.nanoTime();
      state = e.next();
      if (i >= warmUp) {
        nanos += t1 - t0;
        e.timingsMs().forEach((k, v) -> stages.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
      }
    }
    Map<String, Double> means = new LinkedHashMap<>();
    stages.forEach(
        (k, v) -> means.put(k, Stats.mean(v.stream().mapToDouble(Double::doubleValue).toArray())));
    return new Result(timed, nanos / 1e9, means, clip.size());
  }
}
