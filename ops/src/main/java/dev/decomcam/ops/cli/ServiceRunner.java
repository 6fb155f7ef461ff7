package dev.decomcam.ops.cli;

import dev.decomcam.schemas.config.Flags;
import dev.decomcam.schemas.config.Service;
import dev.decomcam.schemas.config.Settings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.time.Duration;

/** Shared plumbing of the service subcommands: layered settings and run-until-stopped. */
final class ServiceRunner {
  private ServiceRunner() {}

  /** The settings of a command: {@code --config=FILE}, then DECOMCAM_<envPrefix>* environment, then flags. */
  static Settings settings(String envPrefix, Flags flags) {
    return new Settings(Settings.merge(configFile(flags), envPrefix, System.getenv(), overrides(flags)));
  }

  static Path configFile(Flags flags) {
    String config = flags.options().get("config");
    return config == null ? null : Path.of(config);
  }

  /** The flags without {@code --config}. */
  static Map<String, String> overrides(Flags flags) {
    Map<String, String> options = new LinkedHashMap<>(flags.options());
    options.remove("config");
    return options;
  }

  /** Starts the service and blocks until it ends or the JVM is asked to stop (Ctrl-C, SIGTERM). */
  static int runUntilStopped(String name, Service service) throws InterruptedException {
    Runtime.getRuntime().addShutdownHook(new Thread(service::stop, name + "-shutdown"));
    service.start();
    System.err.println(name + " running; Ctrl-C stops it");
    while (!service.awaitTermination(Duration.ofSeconds(60))) {
      // keep waiting: services run until stopped
    }
    return 0;
  }
}
