package dev.decomcam.ops.bench;

import com.google.gson.GsonBuilder;
import dev.decomcam.processor.decom.SaliencyMethod;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What {@code ./decomcam bench --pipeline} measured in one run, on one model and one video: (a) the
 * explainer alone, (b) the whole pipeline with fast pacing and one camera, (c) the whole pipeline
 * with realtime pacing and {@code cameras} live cameras. Its ratios: {@code efficiency} = (b)'s
 * steady rate / (a)'s, how much of the explainer's speed the pipeline keeps; {@code
 * realtime_fraction_of_fast} = (c)'s explained rate / (b)'s. With {@code instances} &gt; 1, {@code
 * scaleOut} is (d): (c) again on that many processor instances ({@code scale_out_*} in the JSON);
 * else null. Writes {@value #FILE}.
 */
public record PipelineReport(
    String model,
    String video,
    int warmUp,
    ExplainerBench.Result explainer,
    PipelineFigures fast,
    int cameras,
    int seconds,
    PipelineFigures realtime,
    int instances,
    PipelineFigures scaleOut,
    String command) {

  /** Without a scale-out part (one processor instance). */
  public PipelineReport(
      String model,
      String video,
      int warmUp,
      ExplainerBench.Result explainer,
      PipelineFigures fast,
      int cameras,
      int seconds,
      PipelineFigures realtime,
      String command) {
    this(model, video, warmUp, explainer, fast, cameras, seconds, realtime, 1, null, command);
  }

  public static final String FILE = "pipeline.json";

  /** Stages in pipeline order; others follow in the order they come. */
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
          SaliencyMethod.SALIENCY_STAGE,
          "explain",
          "total",
          "render");

  /** (b)'s steady rate over (a)'s. */
  public double efficiency() {
    return fast.steadyFps() / explainer.fps();
  }

  /** (c)'s explained rate over (b)'s steady rate. */
  public double realtimeFractionOfFast() {
    return realtime.explainedFps() / fast.steadyFps();
  }

  /** The figures as one flat JSON object (stage means as nested objects, ms per frame). */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", model);
    m.put("video", video);
    m.put("command", command);
    m.put("warm_up_frames", warmUp);
    m.put("explainer_frames", explainer.frames());
    m.put("explainer_clip_frames", explainer.clip());
    m.put("explainer_fps", explainer.fps());
    m.put("pipeline_frames", fast.framesIn());
    m.put("pipeline_fps", fast.steadyFps());
    m.put("pipeline_fps_with_start", fast.overlays() / fast.seconds());
    m.put("pipeline_fps_by_10s", fast.fpsByWindow());
    m.put("efficiency", efficiency());
    m.put("pipeline_latency_p50_ms", fast.latencyP50Ms());
    m.put("pipeline_latency_p99_ms", fast.latencyP99Ms());
    m.put("pipeline_exactly_once_in_order", fast.exactlyOnceInOrder());
    m.put("realtime_cameras", cameras);
    m.put("realtime_seconds", seconds);
    m.put("realtime_publish_seconds", realtime.captureSeconds());
    m.put("realtime_run_seconds", realtime.seconds());
    m.put("realtime_frames_in", realtime.framesIn());
    m.put("realtime_offered_fps", realtime.offeredFps());
    m.put("realtime_explained_fps", realtime.explainedFps());
    m.put("realtime_fraction_of_fast", realtimeFractionOfFast());
    m.put("realtime_skipped", realtime.skipped());
    m.put("realtime_overlays_reduced", realtime.reduced());
    m.put("realtime_overlays_undrawn", realtime.undrawn());
    m.put("realtime_latency_p50_ms", realtime.latencyP50Ms());
    m.put("realtime_latency_p99_ms", realtime.latencyP99Ms());
    m.put("realtime_latency_p99_first10s_ms", realtime.latencyFirstP99Ms());
    m.put("realtime_latency_p99_last10s_ms", realtime.latencyLastP99Ms());
    m.put("realtime_latency_p99_by_10s_ms", realtime.latencyP99ByWindowMs());
    m.put("realtime_age_p99_ms", realtime.explanationAgeP99Ms());
    m.put("realtime_overlays_missing", realtime.overlaysMissing());
    m.put("realtime_exactly_once_in_order", realtime.exactlyOnceInOrder());
    if (scaleOut != null) {
      m.put("scale_out_instances", instances);
      m.put("scale_out_one_instance_explained_fps", realtime.explainedFps());
      m.put("scale_out_one_instance_overlay_fps", overlayFps(realtime));
      m.put("scale_out_one_instance_latency_p99_ms", realtime.latencyP99Ms());
      m.put("scale_out_explained_fps", scaleOut.explainedFps());
      m.put("scale_out_overlay_fps", overlayFps(scaleOut));
      m.put("scale_out_latency_p99_ms", scaleOut.latencyP99Ms());
      m.put("scale_out_skipped", scaleOut.skipped());
      m.put("scale_out_frames_in", scaleOut.framesIn());
      m.put("scale_out_speed_up", scaleOut.explainedFps() / realtime.explainedFps());
      m.put("scale_out_overlays_missing", scaleOut.overlaysMissing());
      m.put("scale_out_exactly_once_in_order", scaleOut.exactlyOnceInOrder());
    }
    m.put("explainer_stages_ms", explainer.stagesMs());
    m.put("pipeline_stages_ms", fast.stagesMs());
    m.put("realtime_stages_ms", realtime.stagesMs());
    m.put("pipeline_cpu_ms_per_frame", fast.cpuMsPerFrame());
    m.put("realtime_cpu_ms_per_frame", realtime.cpuMsPerFrame());
    return m;
  }

  public String toJson() {
    return new GsonBuilder()
        .setPrettyPrinting()
        .serializeNulls()
        .serializeSpecialFloatingPointValues()
        .create()
        .toJson(toMap());
  }

  /** Writes {@value #FILE} into {@code dir}; returns its path. */
  public Path write(Path dir) throws IOException {
    Files.createDirectories(dir);
    return Files.writeString(dir.resolve(FILE), toJson());
  }

  public void print(PrintStream out) {
    out.println();
    out.println("== DecomCAM Live pipeline bench ==");
    out.printf(Locale.ROOT, "model %s, video %s%n", model, video);
    out.printf(Locale.ROOT, "command %s%n", command);
    out.printf(
        Locale.ROOT,
        "(a) explainer alone, 1 thread   %7.1f fps  (%d frames: a clip of %d in memory looped as"
            + " (b) loops the video, after a warm-up pass and %d cold-state frames)%n",
        explainer.fps(),
        explainer.frames(),
        explainer.clip(),
        warmUp);
    out.printf(
        Locale.ROOT,
        "(b) pipeline, fast, 1 camera    %7.1f fps  (%d frames, rate over the last half; %.1f fps"
            + " with the start);"
            + " latency p99 %.0f ms; exactly once in order: %s%n",
        fast.steadyFps(),
        fast.framesIn(),
        fast.overlays() / fast.seconds(),
        fast.latencyP99Ms(),
        fast.exactlyOnceInOrder() ? "yes" : "NO");
    out.printf(
        Locale.ROOT,
        "    output rate per 10 s          %s fps%n",
        String.join(
            " ",
            fast.fpsByWindow().stream().map(f -> String.format(Locale.ROOT, "%.1f", f)).toList()));
    out.printf(Locale.ROOT, "    efficiency (b)/(a)          %7.2f%n", efficiency());
    out.printf(
        Locale.ROOT,
        "(c) realtime, %d cameras, %d s   offered %.1f fps, explained %.1f fps (%.2f of (b)),"
            + " skipped %d of %d (sink catching up: %d reduced, %d undrawn); published %.1f s,"
            + " last overlay after %.1f s%n",
        cameras,
        seconds,
        realtime.offeredFps(),
        realtime.explainedFps(),
        realtimeFractionOfFast(),
        realtime.skipped(),
        realtime.framesIn(),
        realtime.reduced(),
        realtime.undrawn(),
        realtime.captureSeconds(),
        realtime.seconds());
    out.printf(
        Locale.ROOT,
        "    latency p50 %.0f ms, p99 %.0f ms (first 10 s %.0f, last 10 s %.0f);"
            + " explanation age p99 %.0f ms; overlays missing %d; exactly once in order: %s%n",
        realtime.latencyP50Ms(),
        realtime.latencyP99Ms(),
        realtime.latencyFirstP99Ms(),
        realtime.latencyLastP99Ms(),
        realtime.explanationAgeP99Ms(),
        realtime.overlaysMissing(),
        realtime.exactlyOnceInOrder() ? "yes" : "NO");
    if (scaleOut != null) {
      out.printf(
          Locale.ROOT,
          "(d) scale-out, (c) on %d processor instances   explained %.1f fps (%.2fx one"
              + " instance's %.1f), overlays %.1f fps (one: %.1f), skipped %d of %d;"
              + " latency p99 %.0f ms (one: %.0f); exactly once in order: %s%n",
          instances,
          scaleOut.explainedFps(),
          scaleOut.explainedFps() / realtime.explainedFps(),
          realtime.explainedFps(),
          overlayFps(scaleOut),
          overlayFps(realtime),
          scaleOut.skipped(),
          scaleOut.framesIn(),
          scaleOut.latencyP99Ms(),
          realtime.latencyP99Ms(),
          scaleOut.exactlyOnceInOrder() ? "yes" : "NO");
    }
    out.println(
        "stage means, ms per explained frame   (a)      (b)      (c)   (saliency: the method;"
            + " total: the processor's step; render: the sink's)");
    Set<String> stages = new LinkedHashSet<>(STAGES);
    stages.retainAll(allStages());
    stages.addAll(allStages());
    for (String stage : stages) {
      out.printf(
          Locale.ROOT,
          "  %-34s %8s %8s %8s%n",
          stage,
          ms(explainer.stagesMs().get(stage)),
          ms(fast.stagesMs().get(stage)),
          ms(realtime.stagesMs().get(stage)));
    }
    printCpu(out);
  }

  /** Where the CPU went, by part of the pipeline, in (b) and (c). */
  private void printCpu(PrintStream out) {
    if (fast.cpuMsPerFrame().isEmpty()) {
      return;
    }
    out.println(
        "CPU ms per frame in, by part         (b)      (c)   (all threads of the JVM over the"
            + " whole run, ingest's backlog and start-up included; jit: the JIT compiler)");
    for (String part : fast.cpuMsPerFrame().keySet()) {
      out.printf(
          Locale.ROOT,
          "  %-34s %8s %8s%n",
          part,
          ms(fast.cpuMsPerFrame().get(part)),
          ms(realtime.cpuMsPerFrame().get(part)));
    }
  }

  /** Overlays per second while the cameras published (as the explained rate is taken). */
  static double overlayFps(PipelineFigures f) {
    return f.overlays() / f.captureSeconds();
  }

  private Set<String> allStages() {
    Set<String> all = new LinkedHashSet<>(explainer.stagesMs().keySet());
    all.addAll(fast.stagesMs().keySet());
    all.addAll(realtime.stagesMs().keySet());
    return all;
  }

  private static String ms(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.2f", v);
  }
}
