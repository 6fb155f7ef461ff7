package dev.decomcam.ingest;

import dev.decomcam.schemas.config.ConfigError;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code ingest [--config file.properties] [--key=value ...]}: publishes one camera's frames.
 * Each {@code --key=value} overrides the key of {@link IngestConfig}; e.g.
 * {@code --source=clip.mp4 --camera.id=door --pacing=fast}. Errors print as one line, exit 2.
 */
public final class IngestMain {
  private IngestMain() {}

  public static void main(String[] args) throws InterruptedException {
    Path file = null;
    Map<String, String> overrides = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--config") && i + 1 < args.length) {
        file = Path.of(args[++i]);
      } else if (a.startsWith("--") && a.contains("=")) {
        overrides.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
      } else {
        System.err.println("unknown argument '" + a + "': use --config FILE or --key=value (e.g. --source=clip.mp4)");
        System.exit(2);
      }
    }
    IngestService service;
    try {
      service = new IngestService(IngestConfig.load(file, System.getenv(), overrides));
      service.start();
    } catch (ConfigError | IngestException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(service::stop, "decomcam-ingest-shutdown"));
    service.awaitTermination(Duration.ofDays(3650));
    IngestService.Stats s = service.stats();
    System.out.println("published " + s.framesPublished() + " frames, " + s.decodeErrors() + " decode errors");
    if (s.failure() != null) {
      System.err.println(s.failure());
      System.exit(1);
    }
  }
}
