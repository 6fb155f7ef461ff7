package dev.decomcam.ops.cli;

import dev.decomcam.schemas.config.Flags;
import dev.decomcam.schemas.config.Service;
import dev.decomcam.schemas.config.Settings;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** Shared plumbing of the service subcommands: layered settings and run-until-stopped. */
final class ServiceRunner {
  private ServiceRunner() {}

  /** Defaults, then {@code --config=FILE}, then DECOMCAM_* environment, then flags. */
  static Settings settings(Map<String, String> defaults, Flags flags) {
    Map<String, String> options = new java.util.LinkedHashMap<>(flags.options());
    String config = options.remove("config");
    return Settings.load(defaults, config == null ? null : Path.of(config), System.getenv(), options);
  }

  /** Starts the service and blocks until the JVM is asked to stop (Ctrl-C, SIGTERM). */
  static int runUntilStopped(Service service) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      service.close();
      stopped.countDown();
    }, service.name() + "-shutdown"));
    service.start();
    System.err.println(service.name() + " running; Ctrl-C stops it");
    stopped.await();
    return 0;
  }
}
