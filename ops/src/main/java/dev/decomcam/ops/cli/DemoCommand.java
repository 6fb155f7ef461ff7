package dev.decomcam.ops.cli;

import dev.decomcam.ops.metrics.PrometheusMetrics;
import dev.decomcam.ops.pipeline.DemoReport;
import dev.decomcam.ops.pipeline.DemoRun;
import dev.decomcam.common.config.Flags;
import dev.decomcam.common.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import dev.decomcam.processor.topology.ProcessorConfig;

/** {@code ./decomcam demo}: the whole product on the bundled model and demo video, on an embedded broker. */
final class DemoCommand implements Command {
  @Override
  public String name() {
    return "demo";
  }

  @Override
  public String summary() {
    return "run broker + ingest + processor + sink on the bundled model and demo video; print a summary";
  }

  @Override
  public String help() {
    return """
        usage: ./decomcam demo [--frames=250] [--cameras=1] [--out=out/demo] [--pacing=fast|realtime]
                               [--model=models/demo-shapes/spec.json] [--engine=PyTorch|OnnxRuntime]
                               [--method=decomcam|gradcam] [--mode=streaming|full] [--partitions=2]
                               [--target.sticky=1] [--metrics.port=0] [--dashboard.port=0] [--seed=7]

        Starts a real single-node KRaft Kafka broker in this JVM on 127.0.0.1, generates the demo
        video (moving shapes with a ground-truth sidecar), publishes it as --cameras cameras, explains
        every frame with Decom-CAM (streaming: components kept per camera and tracked; full: the
        published per-frame algorithm), renders overlays and records <out>/work/<camera>-<time>.mp4, then
        prints frames in/out, frames/s, latency p50/p99, per-stage time per frame and how often the
        saliency peak lies in the target's ground-truth box. Runs offline.
        To watch it live: ./decomcam demo --pacing=realtime --dashboard.port=8080, then open
        http://127.0.0.1:8080/ while it runs.""";
  }

  @Override
  public int run(Flags flags) throws Exception {
    Path root = Path.of(System.getProperty("decomcam.root", "."));
    Settings s = ServiceRunner.settings("DECOMCAM_DEMO_", flags);
    Map<String, String> processor = new LinkedHashMap<>();
    processor.put(ProcessorConfig.MODEL_SPEC, s.string("model", root.resolve("models/demo-shapes/spec.json").toString()));
    processor.put(ProcessorConfig.METHOD, s.choice("method", "decomcam", Set.of("decomcam", "gradcam")));
    processor.put(ProcessorConfig.MODE, s.choice("mode", "streaming", Set.of("streaming", "full")));
    processor.put(ProcessorConfig.TARGET_STICKY, Integer.toString(s.intIn(ProcessorConfig.TARGET_STICKY, 1, 1, 1000)));
    String engine = s.string("engine", null);
    if (engine != null) {
      processor.put(ProcessorConfig.MODEL_ENGINE, engine);
    }
    DemoRun.Options options = new DemoRun.Options(Path.of(s.string("out", "out/demo")), s.intIn("frames", 250, 1, 100_000),
        s.intIn("cameras", 1, 1, 64), s.intIn("partitions", 2, 1, 64), s.choice("pacing", "fast", Set.of("fast", "realtime")),
        s.intIn("seed", 7, 0, Integer.MAX_VALUE), processor,
        Map.of("dashboard.port", Integer.toString(s.intIn("dashboard.port", 0, 0, 65535))), Duration.ofMinutes(10));
    int metricsPort = s.intIn("metrics.port", 0, 0, 65535);
    s.rejectUnknown();
    try (PrometheusMetrics metrics = new PrometheusMetrics().serve(metricsPort)) {
      DemoReport report = DemoRun.run(options, metrics);
      report.print(System.out);
      return report.exactlyOnceInOrder() && report.complete() ? 0 : 1;
    }
  }
}
