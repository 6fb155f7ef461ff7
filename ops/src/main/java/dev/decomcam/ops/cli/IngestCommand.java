package dev.decomcam.ops.cli;

import dev.decomcam.common.config.ConfigDef;
import dev.decomcam.common.config.Flags;
import dev.decomcam.ingest.IngestConfig;
import dev.decomcam.ingest.IngestException;
import dev.decomcam.ingest.IngestService;
import dev.decomcam.ops.metrics.IngestPrometheusMetrics;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code ./decomcam ingest}: decode a video source and publish its frames. */
final class IngestCommand implements Command {
  @Override
  public String name() {
    return "ingest";
  }

  @Override
  public String summary() {
    return "decode a file, RTSP/HTTP URL or capture device and publish JPEG frames to Kafka";
  }

  @Override
  public String help() {
    return "usage: ./decomcam ingest --source=FILE|URL|/dev/videoN [--key=value ...]"
        + " [--config=FILE]\n\n"
        + IngestConfig.DEF.toHelp()
        + "\n"
        + "example: ./decomcam ingest --source=../shared/media/video/vtest.avi --camera.id=street"
        + " --pacing=fast";
  }

  @Override
  public ConfigDef settings() {
    return IngestConfig.DEF;
  }

  @Override
  public int run(Flags flags) throws Exception {
    Map<String, String> options = new LinkedHashMap<>(flags.options());
    String config = options.remove("config");
    IngestConfig cfg =
        IngestConfig.load(config == null ? null : Path.of(config), System.getenv(), options);
    try (IngestPrometheusMetrics metrics = new IngestPrometheusMetrics().serve(cfg.metricsPort())) {
      IngestService service = new IngestService(cfg, metrics);
      Runtime.getRuntime().addShutdownHook(new Thread(service::stop, "ingest-shutdown"));
      IngestService.Stats stats;
      try {
        stats = service.runToEnd();
      } catch (IngestException e) {
        if (service.stats().failure() != null) {
          printSummary(service.stats()); // the run failed: what it did before, then why
        }
        throw e;
      }
      printSummary(stats);
      return stats.failure() == null ? 0 : 1;
    }
  }

  private static void printSummary(IngestService.Stats stats) {
    System.out.printf(
        "ingest: %d frames read, %d published, %d acknowledged, %d decode errors, %d reconnects"
            + " (%.1f s without a source), ended: %s%n",
        stats.framesRead(),
        stats.framesPublished(),
        stats.framesAcknowledged(),
        stats.decodeErrors(),
        stats.reconnects(),
        stats.outageMs() / 1000.0,
        stats.failure() != null
            ? "failed"
            : stats.endReason() == null ? "stopped" : stats.endReason());
  }
}
