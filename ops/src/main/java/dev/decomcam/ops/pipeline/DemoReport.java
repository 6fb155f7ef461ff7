package dev.decomcam.ops.pipeline;

import com.google.gson.GsonBuilder;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The measured outcome of a {@link DemoRun}; {@code drawn} is every overlay's record of what it
 * shows and when (all cameras, in arrival order), for figures over parts of the run, when the run
 * kept per-frame records ({@link DemoRun.Options#keepFrames}); else empty.
 */
public record DemoReport(
    long framesIn,
    long explanations,
    long overlays,
    long skipped,
    long overdue,
    long reduced,
    long undrawn,
    long deadLetters,
    boolean exactlyOnceInOrder,
    double seconds,
    double latencyP50Ms,
    double latencyP99Ms,
    double explanationAgeP99Ms,
    Map<String, Double> stageMeansMs,
    long peakChecked,
    long peakInBox,
    Map<String, Map.Entry<Path, Long>> recordings,
    long recordedFrames,
    boolean complete,
    long distinctIds,
    long leadingKept,
    long leadingCompared,
    List<OutputWatcher.Drawn> drawn,
    Map<String, Double> cpuSeconds,
    List<Double> latencyP99ByWindowMs) {

  /** Capture time each {@code latencyP99ByWindowMs} entry covers. */
  public static final int LATENCY_WINDOW_SECONDS = 10;

  public DemoReport {
    drawn = List.copyOf(drawn);
    cpuSeconds = Map.copyOf(cpuSeconds);
    latencyP99ByWindowMs = List.copyOf(latencyP99ByWindowMs);
  }

  static DemoReport of(
      long framesIn,
      Map<String, Integer> expected,
      OutputWatcher w,
      ExplanationTally explanations,
      double seconds,
      boolean complete,
      Map<String, Map.Entry<Path, Long>> recordings,
      long recorded,
      Map<String, Double> cpuSeconds) {
    boolean ordered = true;
    for (Map.Entry<String, Integer> e : expected.entrySet()) {
      ordered &=
          w.explainedCheck(e.getKey()).exactlyOnceInOrder(e.getValue())
              && w.overlaidCheck(e.getKey()).exactlyOnceInOrder(e.getValue());
    }
    Map<String, Double> means = new LinkedHashMap<>(explanations.stageMeansMs());
    means.put("render", w.renderMeanMs());
    if (w.reducedOverlays() + w.undrawnOverlays() > 0) {
      means.put("render_reduced", w.reducedRenderMeanMs());
    }
    return new DemoReport(
        framesIn,
        w.explanationsOut(),
        w.overlaysOut(),
        w.skippedOverlays(),
        w.overdueOverlays(),
        w.reducedOverlays(),
        w.undrawnOverlays(),
        w.deadLetterCount(),
        ordered,
        seconds,
        w.latencyMs().get(50),
        w.latencyMs().get(99),
        w.explanationAgeMs().count() == 0 ? 0 : w.explanationAgeMs().get(99),
        means,
        explanations.peakChecked(),
        explanations.peakInBox(),
        recordings,
        recorded,
        complete,
        explanations.distinctIds(),
        explanations.leadingKept(),
        explanations.leadingCompared(),
        w.keepsFrames() ? w.drawn().values().stream().flatMap(List::stream).toList() : List.of(),
        cpuSeconds,
        w.latencyP99ByWindow(LATENCY_WINDOW_SECONDS));
  }

  /** Cores the run kept busy on average (all parts' CPU time over the run's wall time). */
  public double cpuCores() {
    double total = cpuSeconds.values().stream().mapToDouble(Double::doubleValue).sum();
    return seconds > 0 ? total / seconds : 0;
  }

  /**
   * CPU ms per frame in by part of the pipeline ({@link ThreadCpu#PARTS} order, then {@code
   * total}), over the whole run; empty where the threads' CPU time could not be read.
   */
  public Map<String, Double> cpuMsPerFrame() {
    Map<String, Double> out = new LinkedHashMap<>();
    if (cpuSeconds.isEmpty() || framesIn == 0) {
      return out;
    }
    double total = 0;
    for (String part : ThreadCpu.PARTS) {
      double ms = 1000 * cpuSeconds.getOrDefault(part, 0.0) / framesIn;
      out.put(part, ms);
      total += ms;
    }
    out.put("total", total);
    return out;
  }

  /** Stages in pipeline order: processor (per frame), then the sink. */
  static final List<String> STAGES =
      List.of(
          "decode",
          "preprocess",
          "forward",
          "gradient",
          "weights",
          "svd",
          "masks",
          "blur",
          "scoring",
          "combine",
          "track",
          "saliency",
          "explain",
          "total",
          "render",
          "render_reduced");

  static final Map<String, String> STAGE_NOTES =
      Map.ofEntries(
          Map.entry("decode", "Avro + JPEG decode"),
          Map.entry("preprocess", "resize and normalise to the model's input"),
          Map.entry("forward", "model forward (a batched forward's share per frame)"),
          Map.entry("gradient", "gradient of the target logit at the explained layer"),
          Map.entry("weights", "channel weights (mean gradients)"),
          Map.entry("svd", "scene signature, top-K, centring, SVD of the weighted activations"),
          Map.entry("masks", "upsampled OSSM masks of the components scored"),
          Map.entry("blur", "Gaussian-blurred baseline"),
          Map.entry("scoring", "masked forward passes (one batch)"),
          Map.entry("combine", "weights, weighted sum, upsampling, state"),
          Map.entry("track", "matching components to the previous frame's"),
          Map.entry("saliency", "the saliency method's own time (weights to final map)"),
          Map.entry("explain", "preprocess + forward + gradient + Decom-CAM"),
          Map.entry("total", "whole processor step per frame"),
          Map.entry("render", "sink: decode, draw overlay, encode JPEG (at the frame's size)"),
          Map.entry(
              "render_reduced", "sink catching up: overlays drawn at 1/2, 1/4 or passed through"));

  public double framesPerSecond() {
    return overlays / seconds;
  }

  /**
   * Frames explained in the run: the explanations out minus the frames the processor skipped (each
   * of those has a skip record among the explanations and a skipped overlay). An overdue overlay's
   * frame has no skip record: the processor did not answer in time, and an explanation it sent
   * later counts as explained.
   */
  public long explainedFrames() {
    return Math.max(0, explanations - (skipped - overdue));
  }

  /** {@link #explainedFrames} per second of the run. */
  public double explainedPerSecond() {
    return explainedFrames() / seconds;
  }

  /**
   * The figures of {@link #print} as one JSON object, for scripts and benchmarks: counts, the
   * exactly-once check, rates, latency percentiles, mean ms per stage ({@code stages_ms}) and the
   * ground-truth and tracking figures. {@code skipped} counts the overlays of frames the processor
   * skipped (a live camera under overload) and, of them, {@code overdue} those drawn without their
   * explanation because it did not reach the sink in time (the processor down or far behind);
   * {@code explanation_age_p99_ms} is the p99 of the overlays' explanation age (0 for a frame
   * explained itself); {@code overlays_reduced} and {@code overlays_undrawn} count the overlays of
   * late live frames a sink catching up drew smaller or passed through, and {@code
   * stages_ms.render} is the mean over whole-size overlays only. {@code cpu_ms_per_frame} is the
   * CPU time of each part of the pipeline per frame in ({@link ThreadCpu}; stage times are wall
   * time, waiting for a core included), {@code cpu_cores} the cores busy on average.
   */
  public String toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("frames_in", framesIn);
    json.put("explanations_out", explanations);
    json.put("overlays_out", overlays);
    json.put("skipped", skipped);
    json.put("overdue", overdue);
    json.put("overlays_reduced", reduced);
    json.put("overlays_undrawn", undrawn);
    json.put("dead_letters", deadLetters);
    json.put("exactly_once_in_order", exactlyOnceInOrder);
    json.put("complete", complete);
    json.put("seconds", seconds);
    json.put("explained_fps", explainedPerSecond());
    json.put("overlay_fps", framesPerSecond());
    json.put("latency_p50_ms", latencyP50Ms);
    json.put("latency_p99_ms", latencyP99Ms);
    // a window without overlays (every camera paused) has no p99: null
    json.put(
        "latency_p99_by_10s_ms",
        latencyP99ByWindowMs.stream().map(v -> v.isNaN() ? null : v).toList());
    json.put("explanation_age_p99_ms", explanationAgeP99Ms);
    Map<String, Double> stages = new LinkedHashMap<>();
    for (String stage : STAGES) {
      if (stageMeansMs.containsKey(stage)) {
        stages.put(stage, stageMeansMs.get(stage));
      }
    }
    json.put("stages_ms", stages);
    json.put("cpu_ms_per_frame", cpuMsPerFrame());
    json.put("cpu_cores", cpuCores());
    if (peakChecked > 0) { // only the generated demo video has a ground truth
      json.put("peak_in_box", peakInBox);
      json.put("peak_checked", peakChecked);
    }
    json.put(
        "leading_component_kept",
        leadingCompared == 0 ? null : (double) leadingKept / leadingCompared);
    Map<String, Object> videos = new LinkedHashMap<>();
    recordings.forEach(
        (camera, file) ->
            videos.put(
                camera, Map.of("file", file.getKey().toString(), "frames", file.getValue())));
    json.put("recordings", videos);
    return new GsonBuilder()
        .setPrettyPrinting()
        .serializeNulls()
        .serializeSpecialFloatingPointValues()
        .create()
        .toJson(json);
  }

  public double peakInBoxRate() {
    return peakChecked == 0 ? 0 : (double) peakInBox / peakChecked;
  }

  public void print(PrintStream out) {
    out.println();
    out.println("== DecomCAM Live demo ==");
    out.printf(Locale.ROOT, "frames in            %d%n", framesIn);
    out.printf(Locale.ROOT, "explanations out     %d%n", explanations);
    out.printf(Locale.ROOT, "overlays out         %d%n", overlays);
    out.printf(
        Locale.ROOT,
        "skipped              %d (live frames drawn with their camera's latest explanation);"
            + " explanation age p99 %.0f ms%n",
        skipped,
        explanationAgeP99Ms);
    if (overdue > 0) {
      out.printf(
          Locale.ROOT,
          "processor silent     %d of them: no explanation within overlay.explanation.wait.ms, the"
              + " processor down or far behind%n",
          overdue);
    }
    if (reduced + undrawn > 0) {
      out.printf(
          Locale.ROOT,
          "sink catching up     %d overlays of late live frames drawn at 1/2 or 1/4 size, %d passed"
              + " through undrawn (overlay.live.max.lag.ms)%n",
          reduced,
          undrawn);
    }
    out.printf(Locale.ROOT, "dead letters         %d%n", deadLetters);
    out.printf(
        Locale.ROOT,
        "exactly once, order  %s%n",
        exactlyOnceInOrder ? "yes (every frame, per camera in sequence)" : "NO");
    out.printf(
        Locale.ROOT,
        "throughput           %.1f frames/s over %.1f s%n",
        framesPerSecond(),
        seconds);
    out.printf(
        Locale.ROOT,
        "latency capture->overlay  p50 %.0f ms, p99 %.0f ms (includes queueing when frames arrive"
            + " faster than they are explained)%n",
        latencyP50Ms,
        latencyP99Ms);
    if (!latencyP99ByWindowMs.isEmpty()) {
      out.printf(
          Locale.ROOT,
          "latency p99 per %d s   %s ms (by capture time, from the first frame)%n",
          LATENCY_WINDOW_SECONDS,
          String.join(
              " ",
              latencyP99ByWindowMs.stream()
                  .map(v -> v.isNaN() ? "-" : String.format(Locale.ROOT, "%.0f", v))
                  .toList()));
    }
    out.println("per-stage time per frame (mean ms):");
    for (String stage : STAGES) {
      Double v = stageMeansMs.get(stage);
      if (v != null) {
        out.printf(
            Locale.ROOT, "  %-11s %8.2f  %s%n", stage, v, STAGE_NOTES.getOrDefault(stage, ""));
      }
    }
    Map<String, Double> cpu = cpuMsPerFrame();
    if (!cpu.isEmpty()) {
      StringBuilder line = new StringBuilder();
      cpu.forEach((part, ms) -> line.append(String.format(Locale.ROOT, "  %s %.2f", part, ms)));
      out.printf(
          Locale.ROOT,
          "CPU ms per frame in, by part (all threads of this JVM, over the run):%n%s%n",
          line);
    }
    if (peakChecked > 0) {
      out.printf(
          Locale.ROOT,
          "saliency peak in the target's ground-truth box: %d of %d frames (%.1f%%)%n",
          peakInBox,
          peakChecked,
          100 * peakInBoxRate());
    }
    if (leadingCompared > 0) {
      out.printf(
          Locale.ROOT,
          "component tracking   %d ids over %d frames; the leading component kept its id on"
              + " %.1f%% of frame pairs%n",
          distinctIds,
          explanations,
          100.0 * leadingKept / leadingCompared);
    }
    recordings.forEach(
        (camera, file) ->
            out.printf(
                Locale.ROOT,
                "overlay video        %s (%d frames)%n",
                file.getKey(),
                file.getValue()));
  }
}
