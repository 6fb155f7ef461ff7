package dev.decomcam.ops.cli;

import dev.decomcam.common.config.ConfigDef;
import dev.decomcam.common.config.Flags;
import dev.decomcam.ingest.IngestConfig;
import dev.decomcam.ingest.IngestException;
import dev.decomcam.ingest.IngestService;
import dev.decomcam.ingest.Pacer;
import dev.decomcam.ops.evaluate.ProgressBar;
import dev.decomcam.ops.metrics.IngestPrometheusMetrics;
import java.nio.file.Path;
import java.time.Duration;
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
    try (IngestPrometheusMetrics metrics =
        new IngestPrometheusMetrics(Duration.ofSeconds(cfg.metricsIdleSeconds()), System::nanoTime)
            .serve(cfg.metricsPort(), cfg.metricsToken())) {
      IngestService service = new IngestService(cfg, metrics);
      Runtime.getRuntime().addShutdownHook(new Thread(service::stop, "ingest-shutdown"));
      service.start();
      if (cfg.pacing() == Pacer.Mode.FAST) {
        showProgress(service);
      }
      service.awaitTermination(Duration.ofDays(365_000));
      IngestService.Stats stats = service.stats();
      if (stats.failure() != null) {
        printSummary(stats); // the run failed: what it did before, then why
        throw new IngestException(stats.failure());
      }
      printSummary(stats);
      return stats.failure() == null ? 0 : 1;
    }
  }

  /**
   * A progress bar of the published frames on stderr until the run ends, for a file published as
   * fast as the broker takes it (a real-time run takes the file's own time, and a live source has
   * no end); nothing when the number of frames is not known.
   */
  private static void showProgress(IngestService service) throws InterruptedException {
    long total = service.expectedFrames();
    if (total <= 0) {
      return;
    }
    ProgressBar bar =
        new ProgressBar(
            System.err,
            "frames",
            (int) Math.min(Integer.MAX_VALUE, total),
            System.console() != null);
    while (!service.awaitTermination(Duration.ofMillis(250))) {
      bar.update((int) Math.min(Integer.MAX_VALUE, service.stats().framesPublished()), "");
    }
    bar.update((int) Math.min(Integer.MAX_VALUE, service.stats().framesPublished()), "");
    bar.finish();
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
