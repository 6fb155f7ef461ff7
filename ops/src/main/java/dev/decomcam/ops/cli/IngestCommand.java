package dev.decomcam.ops.cli;

import dev.decomcam.common.config.ConfigDef;
import dev.decomcam.common.config.Flags;
import dev.decomcam.ingest.IngestConfig;
import dev.decomcam.ingest.IngestService;
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
    IngestService service =
        new IngestService(
            IngestConfig.load(config == null ? null : Path.of(config), System.getenv(), options));
    Runtime.getRuntime().addShutdownHook(new Thread(service::stop, "ingest-shutdown"));
    IngestService.Stats stats = service.runToEnd();
    System.out.printf(
        "ingest: %d frames read, %d published, %d acknowledged, %d decode errors%n",
        stats.framesRead(),
        stats.framesPublished(),
        stats.framesAcknowledged(),
        stats.decodeErrors());
    return stats.failure() == null ? 0 : 1;
  }
}
