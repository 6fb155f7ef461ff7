package dev.decomcam.ops.cli;

import dev.decomcam.common.config.ConfigDef;
import dev.decomcam.common.config.Flags;
import dev.decomcam.ops.metrics.SinkPrometheusMetrics;
import dev.decomcam.sink.SinkConfig;
import dev.decomcam.sink.SinkService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code ./decomcam sink}: render overlays, publish them and record MP4. */
final class SinkCommand implements Command {
  @Override
  public String name() {
    return "sink";
  }

  @Override
  public String summary() {
    return "join frames with explanations, render and publish overlays, record MP4 per camera";
  }

  @Override
  public String help() {
    return "usage: ./decomcam sink [--key=value ...] [--config=FILE]\n\n"
        + SinkConfig.DEF.toHelp()
        + "\n"
        + "example: ./decomcam sink --record=true --output.dir=out/recordings"
        + " --dashboard.port=8080 --metrics.port=9466";
  }

  @Override
  public ConfigDef settings() {
    return SinkConfig.DEF;
  }

  @Override
  public int run(Flags flags) throws Exception {
    Map<String, String> options = new LinkedHashMap<>(flags.options());
    String config = options.remove("config");
    SinkConfig cfg =
        SinkConfig.load(config == null ? null : Path.of(config), System.getenv(), options);
    if (cfg.metricsPort() == 0) {
      return ServiceRunner.runUntilStopped("sink", new SinkService(cfg));
    }
    try (SinkPrometheusMetrics metrics =
        new SinkPrometheusMetrics(Duration.ofSeconds(cfg.metricsIdleSeconds()), System::nanoTime)) {
      SinkService service = new SinkService(cfg, metrics);
      metrics
          .lagOf(cfg.applicationId(), service::streamsMetrics)
          .serve(cfg.metricsPort(), cfg.metricsToken());
      return ServiceRunner.runUntilStopped("sink", service);
    }
  }
}
