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
 * + the saliency method; no Kafka, JPEG or rendering. All frames are explained once untimed first
 * (the JIT compiles the explainer's code while they run), then again from a cold state, the first
 * {@code warmUp} of them untimed (the cold state's reset): a steady figure, as the pipeline's is
 * taken once it is warm ({@link PipelineFigures#steadyFps}).
 */
public final class ExplainerBench {
  private ExplainerBench() {}

  /** Frames timed, their total seconds and the mean ms per stage (the explainer's own timings). */
  public record Result(int frames, double seconds, Map<String, Double> stagesMs) {
    public Result {
      if (frames < 1 || !(seconds > 0)) {
        throw new IllegalArgumentException(
            "explainer result: "
                + frames
                + " frames in "
                + seconds
                + " s: time at least one frame (more --frames than the warm-up)");
      }
      stagesMs = Collections.unmodifiableMap(new LinkedHashMap<>(stagesMs));
    }

    public double fps() {
      return frames / seconds;
    }
  }

  /**
   * Explains {@code frames} in order at {@code fps} capture spacing; times all but the first {@code
   * warmUp}.
   */
  public static <S extends CameraState> Result run(
      FrameExplainer<S> explainer, List<BufferedImage> frames, int warmUp, double fps) {
    if (frames.size() <= warmUp) {
      throw new IllegalArgumentException(
          "explainer bench: "
              + frames.size()
              + " frames, "
              + warmUp
              + " of them warm-up: pass more --frames");
    }
    S state = explainer.method().coldState();
    for (int i = 0; i < frames.size(); i++) {
      state = explainer.explain(frames.get(i), Math.round(i * 1000.0 / fps), state).next();
    }
    state = explainer.method().coldState();
    long nanos = 0;
    Map<String, List<Double>> stages = new LinkedHashMap<>();
    for (int i = 0; i < frames.size(); i++) {
      long captured = Math.round(i * 1000.0 / fps);
      long t0 = System.nanoTime();
      ExplainedFrame<S> e = explainer.explain(frames.get(i), captured, state);
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
    return new Result(frames.size() - warmUp, nanos / 1e9, means);
  }
}
