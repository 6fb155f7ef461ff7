package dev.decomcam.ops.cli;

import dev.decomcam.common.config.ConfigDef;
import dev.decomcam.common.config.Flags;
import dev.decomcam.common.config.Service;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/** Shared plumbing of the service subcommands: layered settings and run-until-stopped. */
final class ServiceRunner {
  private ServiceRunner() {}

  /**
   * The settings of a command: its defaults, then {@code --config=FILE}, then its environment, then
   * flags.
   */
  static ConfigDef.Values settings(ConfigDef def, Flags flags) {
    return def.load(configFile(flags), System.getenv(), overrides(flags));
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
    AtomicBoolean asked = new AtomicBoolean();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  asked.set(true);
                  service.stop();
                },
                name + "-shutdown"));
    service.start();
    System.err.println(name + " running; Ctrl-C stops it");
    while (!service.awaitTermination(Duration.ofSeconds(60))) {
      // keep waiting: services run until stopped
    }
    if (asked.get()) {
      return 0;
    }
    // it ended by itself: a failure (see the log above); a non-zero status lets a supervisor
    // restart it
    System.err.println(
        name
            + " stopped on its own after an error (see the log above): check the broker and"
            + " restart");
    return 1;
  }
}
