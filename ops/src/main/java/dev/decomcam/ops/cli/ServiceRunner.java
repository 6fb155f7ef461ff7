package dev.decomcam.ops.cli;

import dev.decomcam.schemas.config.Flags;
import dev.decomcam.schemas.config.Service;
import dev.decomcam.schemas.config.Settings;
import java.nio.file.Path;
import java.util.Map;
import java.time.Duration;

/** Shared plumbing of the service subcommands: layered settings and run-until-stopped. */
final class ServiceRunner {
  private ServiceRunner() {}

  /** Defaults, then {@code --config=FILE}, then DECOMCAM_* environment, then flags. */
  static Settings settings(Map<String, String> defaults, Flags flags) {
    Map<String, String> options = new java.util.LinkedHashMap<>(flags.options());
    String config = options.remove("config");
    return Settings.load(defaults, config == null ? null : Path.of(config), System.getenv(), options);
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
