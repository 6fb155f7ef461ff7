package dev.decomcam.ops.cli;

import dev.decomcam.common.config.ConfigDef;
import dev.decomcam.common.config.Flags;
import dev.decomcam.ops.metrics.PrometheusMetrics;
import dev.decomcam.processor.topology.ProcessorConfig;
import dev.decomcam.processor.topology.ProcessorService;
import java.time.Duration;

/** {@code ./decomcam process}: the explain-processor Kafka Streams application. */
final class ProcessCommand implements Command {
  @Override
  public String name() {
    return "process";
  }

  @Override
  public String summary() {
    return "run the explain-processor (frames -> saliency method -> explanations)";
  }

  @Override
  public String help() {
    return "usage: ./decomcam process [--config=FILE] [--key=value ...]\n\n"
        + "Kafka Streams application (exactly_once_v2). Keys (--key=value):\n"
        + ProcessorConfig.DEF.toHelp()
        + "\n"
        + "example: ./decomcam process --bootstrap.servers=127.0.0.1:9092"
        + " --model.spec=models/demo-shapes/spec.json";
  }

  @Override
  public ConfigDef settings() {
    return ProcessorConfig.DEF;
  }

  @Override
  public int run(Flags flags) throws Exception {
    ProcessorConfig config =
        ProcessorConfig.load(
            ServiceRunner.configFile(flags), System.getenv(), ServiceRunner.overrides(flags));
    PrometheusMetrics metrics =
        new PrometheusMetrics(Duration.ofSeconds(config.metricsIdleSeconds()), System::nanoTime);
    ProcessorService service = new ProcessorService(config, metrics);
    metrics
        .lagOf(config.applicationId(), service::streamsMetrics)
        .serve(config.metricsPort(), config.metricsToken());
    return ServiceRunner.runUntilStopped("explain-processor", service);
  }
}
