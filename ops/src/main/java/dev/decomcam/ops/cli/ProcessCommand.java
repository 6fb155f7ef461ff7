package dev.decomcam.ops.cli;

import dev.decomcam.ops.metrics.PrometheusMetrics;
import dev.decomcam.processor.topology.ProcessorConfig;
import dev.decomcam.processor.topology.ProcessorService;
import dev.decomcam.schemas.config.Flags;
import dev.decomcam.schemas.config.Settings;
import java.util.Map;

/** {@code ./decomcam process}: the explain-processor Kafka Streams application. */
final class ProcessCommand implements Command {
  @Override
  public String name() {
    return "process";
  }

  @Override
  public String summary() {
    return "run the explain-processor (frames -> Decom-CAM -> explanations)";
  }

  @Override
  public String help() {
    StringBuilder sb = new StringBuilder("usage: ./decomcam process [--config=FILE] [--key=value ...]\n\n"
        + "Kafka Streams application (exactly_once_v2). Keys and defaults:\n");
    ProcessorConfig.defaults().forEach((k, v) -> sb.append(String.format("  --%-22s %s%n", k, v)));
    sb.append("  --metrics.port           0 (serve Prometheus metrics on 127.0.0.1:PORT)\n"
        + "  --streams.<key>          any Kafka Streams setting, e.g. --streams.commit.interval.ms=100\n\n"
        + "example: ./decomcam process --bootstrap.servers=127.0.0.1:9092 --model.spec=models/demo-shapes/spec.json");
    return sb.toString();
  }

  @Override
  public int run(Flags flags) throws Exception {
    Map<String, String> defaults = new java.util.LinkedHashMap<>(ProcessorConfig.defaults());
    defaults.put("metrics.port", "0");
    Settings s = ServiceRunner.settings(defaults, flags);
    PrometheusMetrics metrics = new PrometheusMetrics().serve(s.getInt("metrics.port", 0, 65535));
    return ServiceRunner.runUntilStopped("explain-processor", new ProcessorService(s, metrics));
  }
}
