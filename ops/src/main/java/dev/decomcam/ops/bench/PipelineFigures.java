package dev.decomcam.ops.bench;

import dev.decomcam.ops.pipeline.DemoReport;
import dev.decomcam.ops.pipeline.OutputWatcher.Drawn;
import dev.decomcam.ops.pipeline.Percentiles;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One whole-pipeline run of the pipeline bench, in figures taken from its {@link DemoReport} and
 * its overlays: the steady output rate (first overlays left out, as the explainer's warm-up
 * frames), rates over the whole run, latency and explanation-age percentiles, and latency p99 over
 * the first and last {@value #WINDOW_MS} ms of capture time, which show whether latency stays flat
 * or grows over the run.
 *
 * @param framesIn frames the cameras published
 * @param overlays overlays out (one per frame when complete)
 * @param skipped overlays of frames the processor skipped (live cameras under overload)
 * @param reduced overlays of late live frames the sink drew at 1/2 or 1/4 size to catch up
 * @param undrawn overlays of very late live frames the sink passed through undrawn
 * @param explained frames explained (not skipped)
 * @param seconds from the first ingest's start to the last overlay
 * @param captureSeconds from the first frame's capture to the last one's: how long the cameras
 *     published, the time over which the rates of a realtime run are taken
 * @param steadyFps overlays per second after the first {@code warmUp} (see {@link #steadyFps})
 * @param latencyFirstP99Ms capture→overlay p99 of the frames captured in the run's first window
 * @param latencyLastP99Ms the same for its last window
 * @param latencyP99ByWindowMs latency p99 of each consecutive window of capture time, first to last
 * @param fpsByWindow overlays rendered in each consecutive window of render time from the first,
 *     per second: how the output rate moves over the run (the JIT compiling, then steady)
 * @param exactlyOnceInOrder every frame one explanation and one overlay, per camera in order
 * @param stagesMs mean wall time per stage
 * @param cpuMsPerFrame CPU time per frame in by part of the pipeline, over the whole run ({@link
 *     dev.decomcam.ops.pipeline.ThreadCpu}); empty where it could not be read
 */
public record PipelineFigures(
    long framesIn,
    long overlays,
    long skipped,
    long reduced,
    long undrawn,
    long explained,
    double seconds,
    double captureSeconds,
    double steadyFps,
    double latencyP50Ms,
    double latencyP99Ms,
    double latencyFirstP99Ms,
    double latencyLastP99Ms,
    List<Double> latencyP99ByWindowMs,
    List<Double> fpsByWindow,
    double explanationAgeP99Ms,
    boolean exactlyOnceInOrder,
    Map<String, Double> stagesMs,
    Map<String, Double> cpuMsPerFrame) {

  /** Length of the first and last windows of a run, by capture time. */
  public static final long WINDOW_MS = 10_000;

  public PipelineFigures {
    stagesMs = Collections.unmodifiableMap(new LinkedHashMap<>(stagesMs));
    cpuMsPerFrame = Collections.unmodifiableMap(new LinkedHashMap<>(cpuMsPerFrame));
    latencyP99ByWindowMs = List.copyOf(latencyP99ByWindowMs);
    fpsByWindow = List.copyOf(fpsByWindow);
  }

  /** The figures of {@code r}, its steady rate leaving out the first {@code warmUp} overlays. */
  public static PipelineFigures of(DemoReport r, int warmUp) {
    return new PipelineFigures(
        r.framesIn(),
        r.overlays(),
        r.skipped(),
        r.reduced(),
        r.undrawn(),
        r.explainedFrames(),
        r.seconds(),
        captureSeconds(r.drawn()),
        steadyFps(r.drawn(), warmUp),
        r.latencyP50Ms(),
        r.latencyP99Ms(),
        latencyP99(r.drawn(), true),
        latencyP99(r.drawn(), false),
        r.latencyP99ByWindowMs(),
        fpsByWindow(r.drawn()),
        r.explanationAgeP99Ms(),
        r.exactlyOnceInOrder(),
        r.stageMeansMs(),
        r.cpuMsPerFrame());
  }

  /** Frames published but without an overlay at the end of the run. */
  public long overlaysMissing() {
    return Math.max(0, framesIn - overlays);
  }

  /** Frames published per second while the cameras published. */
  public double offeredFps() {
    return framesIn / captureSeconds;
  }

  /**
   * Frames explained per second while the cameras published (a live camera's frames are explained
   * or skipped as they come, so the processor's work lies in that time).
   */
  public double explainedFps() {
    return explained / captureSeconds;
  }

  /** Seconds from the first to the last capture among the overlays; NaN for fewer than two. */
  public static double captureSeconds(List<Drawn> drawn) {
    if (drawn.size() < 2) {
      return Double.NaN;
    }
    long min = drawn.stream().mapToLong(Drawn::captureTimestampMs).min().getAsLong();
    long max = drawn.stream().mapToLong(Drawn::captureTimestampMs).max().getAsLong();
    return (max - min) / 1e3;
  }

  /**
   * Overlays per second once the pipeline is warm: the overlays after the first {@code warmUp}
   * (ordered by when the sink rendered them, capture time + latency) over the time from the {@code
   * warmUp}-th to the last but one; NaN when fewer than {@code warmUp} + 2 overlays or no time
   * passed. The run's last overlay is left out: at the end of a recording the sink's join waits
   * {@code join.wait.ms} (1 s by default) for a next frame of the camera before it draws the last
   * explanation ({@code SinkTopology.streamsConfig}), a wait that belongs to the recording's end,
   * not to the rate.
   */
  public static double steadyFps(List<Drawn> drawn, int warmUp) {
    if (warmUp < 1) {
      throw new IllegalArgumentException(
          "steady fps: warmUp = " + warmUp + ": leave out at least the first overlay");
    }
    long[] rendered =
        drawn.stream().mapToLong(d -> d.captureTimestampMs() + d.latencyMs()).sorted().toArray();
    int last = rendered.length - 2; // the last but one
    if (last < warmUp) {
      return Double.NaN;
    }
    long ms = rendered[last] - rendered[warmUp - 1];
    return ms <= 0 ? Double.NaN : (last + 1 - warmUp) * 1000.0 / ms;
  }

  /**
   * Overlays per second in each consecutive whole {@link #WINDOW_MS} of render time (capture time +
   * latency) from the first overlay's; the last, partial window is left out.
   */
  public static List<Double> fpsByWindow(List<Drawn> drawn) {
    long[] rendered =
        drawn.stream().mapToLong(d -> d.captureTimestampMs() + d.latencyMs()).sorted().toArray();
    List<Double> out = new ArrayList<>();
    if (rendered.length == 0) {
      return out;
    }
    int count = 0;
    long end = rendered[0] + WINDOW_MS;
    for (long t : rendered) {
      while (t >= end) {
        out.add(count * 1000.0 / WINDOW_MS);
        count = 0;
        end += WINDOW_MS;
      }
      count++;
    }
    return out;
  }

  /**
   * Latency p99 of the overlays whose frames were captured in the run's first ({@code first}) or
   * last {@link #WINDOW_MS} ms; NaN without overlays.
   */
  public static double latencyP99(List<Drawn> drawn, boolean first) {
    if (drawn.isEmpty()) {
      return Double.NaN;
    }
    long min = drawn.stream().mapToLong(Drawn::captureTimestampMs).min().getAsLong();
    long max = drawn.stream().mapToLong(Drawn::captureTimestampMs).max().getAsLong();
    List<Long> window =
        drawn.stream()
            .filter(
                d ->
                    first
                        ? d.captureTimestampMs() < min + WINDOW_MS
                        : d.captureTimestampMs() > max - WINDOW_MS)
            .map(Drawn::latencyMs)
            .toList();
    return new Percentiles(window).get(99);
  }
}
