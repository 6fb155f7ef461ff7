package dev.decomcam.ops.cli;

import dev.decomcam.common.config.ConfigDef;
import dev.decomcam.common.config.ConfigDef.Setting;
import dev.decomcam.common.config.Flags;
import dev.decomcam.ops.metrics.IngestPrometheusMetrics;
import dev.decomcam.ops.metrics.PrometheusMetrics;
import dev.decomcam.ops.metrics.SinkPrometheusMetrics;
import dev.decomcam.ops.pipeline.DemoReport;
import dev.decomcam.ops.pipeline.DemoRun;
import dev.decomcam.ops.pipeline.PipelineMetrics;
import dev.decomcam.processor.engine.EngineKind;
import dev.decomcam.processor.topology.ProcessorConfig;
import dev.decomcam.sink.SinkConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./decomcam demo}: the whole product on the bundled model and demo video, on an embedded
 * broker.
 */
final class DemoCommand implements Command {
  @Override
  public String name() {
    return "demo";
  }

  @Override
  public String summary() {
    return "run broker + ingest + processor + sink on the bundled model and demo video; print a"
        + " summary";
  }

  @Override
  public String help() {
    return """
    usage: ./decomcam demo [--key=value ...] [--config=FILE]

    Starts a real single-node KRaft Kafka broker in this JVM on 127.0.0.1, generates the demo
    video (moving shapes with a ground-truth sidecar), publishes it as --cameras cameras, explains
    every frame with Decom-CAM (streaming: components kept per camera and tracked; full: the
    published per-frame algorithm) or another --method (each frame on its own), renders
    overlays and records <out>/work/<camera>-<time>.mp4, then
    prints frames in/out, frames/s, latency p50/p99 (and the p99 of every 10 s), per-stage time
    per frame and how often the saliency peak lies in the target's ground-truth box, and writes
    them to <out>/summary.json.
    With --video FILE (repeatable) the cameras publish those recordings instead, camera i the
    (i mod n)-th, at most --frames frames each; the ground-truth figure is then omitted.
    Runs offline.

    """
        + settings().toHelp()
        + """

        To watch it live: ./decomcam demo --pacing=realtime --dashboard.port=8080, then open
        http://127.0.0.1:8080/ while it runs.\
        """;
  }

  @Override
  public ConfigDef settings() {
    Path root = Path.of(System.getProperty("decomcam.root", "."));
    return new ConfigDef("DECOMCAM_DEMO_")
        .define(
            Setting.text(
                "video",
                "",
                "recordings to publish instead of the demo video (comma-separated or repeated;"
                    + " cameras cycle over them)"))
        .define(
            Setting.integer(
                "frames",
                250,
                1,
                100_000,
                "frames of the demo video (at most, per camera, of a recording)"))
        .define(Setting.integer("cameras", 1, 1, 64, "cameras publishing the video"))
        .define(Setting.text("out", "out/demo", "output folder (recordings, work files)"))
        .define(
            Setting.choice(
                "pacing",
                "fast",
                "fast: as fast as the pipeline goes; realtime: at the video's rate",
                "fast",
                "realtime"))
        .define(
            Setting.text(
                    "model",
                    root.resolve("models/demo-shapes/spec.json").toString(),
                    "model spec to explain")
                .shownAs("models/demo-shapes/spec.json"))
        .define(
            Setting.parsed(
                "engine",
                null,
                "as in the spec",
                EngineKind.choices(),
                (key, v) -> v,
                "inference engine, overriding the spec's"))
        .define(ProcessorConfig.DEF.setting(ProcessorConfig.METHOD))
        .define(ProcessorConfig.DEF.setting(ProcessorConfig.MODE))
        .define(Setting.integer("partitions", 2, 1, 64, "partitions per topic"))
        .define(ProcessorConfig.DEF.setting(ProcessorConfig.TARGET_STICKY))
        .define(
            Setting.integer(
                ProcessorConfig.METRICS_PORT,
                0,
                0,
                65533,
                "serve Prometheus metrics on 127.0.0.1: the processor's on PORT, ingest's on"
                    + " PORT+1, the sink's on PORT+2; 0 = off"))
        .define(SinkConfig.DEF.setting(SinkConfig.DASHBOARD_PORT))
        .define(Setting.integer("seed", 7, 0, Integer.MAX_VALUE, "seed of the demo video"));
  }

  private static List<Path> videos(String list) {
    List<Path> out = new ArrayList<>();
    if (list != null) {
      for (String v : list.split(",")) {
        if (!v.isBlank()) {
          Path p = Path.of(v.trim());
          if (!Files.isRegularFile(p)) {
            throw new UserError(
                "--video " + v.trim() + ": no such file: pass the path of a recording");
          }
          out.add(p);
        }
      }
    }
    return out;
  }

  @Override
  public int run(Flags flags) throws Exception {
    ConfigDef.Values s = ServiceRunner.settings(settings(), flags);
    Map<String, String> processor = new LinkedHashMap<>();
    processor.put(ProcessorConfig.MODEL_SPEC, s.string("model"));
    processor.put(ProcessorConfig.METHOD, s.string(ProcessorConfig.METHOD));
    processor.put(ProcessorConfig.MODE, s.string(ProcessorConfig.MODE));
    processor.put(
        ProcessorConfig.TARGET_STICKY, Integer.toString(s.integer(ProcessorConfig.TARGET_STICKY)));
    String engine = s.string("engine");
    if (engine != null) {
      processor.put(ProcessorConfig.MODEL_ENGINE, engine);
    }
    DemoRun.Options options =
        new DemoRun.Options(
            Path.of(s.string("out")),
            s.integer("frames"),
            s.integer("cameras"),
            s.integer("partitions"),
            s.string("pacing"),
            s.integer("seed"),
            videos(s.string("video")),
            processor,
            Map.of(
                SinkConfig.DASHBOARD_PORT, Integer.toString(s.integer(SinkConfig.DASHBOARD_PORT))),
            Duration.ofMinutes(10));
    int metricsPort = s.integer(ProcessorConfig.METRICS_PORT);
    try (PrometheusMetrics processorMetrics = new PrometheusMetrics().serve(metricsPort);
        IngestPrometheusMetrics ingestMetrics =
            new IngestPrometheusMetrics().serve(metricsPort == 0 ? 0 : metricsPort + 1);
        SinkPrometheusMetrics sinkMetrics =
            new SinkPrometheusMetrics().serve(metricsPort == 0 ? 0 : metricsPort + 2)) {
      PipelineMetrics metrics =
          new PipelineMetrics(
              processorMetrics,
              ingestMetrics,
              sinkMetrics,
              p -> {
                processorMetrics.lagOf(p.processorApplicationId(), p::processorStreamsMetrics);
                sinkMetrics.lagOf(p.sinkApplicationId(), p::sinkStreamsMetrics);
              });
      if (metricsPort > 0) {
        System.err.printf(
            "metrics: processor http://127.0.0.1:%d/metrics, ingest :%d, sink :%d%n",
            metricsPort, metricsPort + 1, metricsPort + 2);
      }
      DemoReport report = DemoRun.run(options, metrics);
      report.print(System.out);
      return report.exactlyOnceInOrder() && report.complete() ? 0 : 1;
    }
  }
}
