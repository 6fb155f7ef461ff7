package dev.decomcam.ops.cli;

import dev.decomcam.common.config.ConfigDef;
import dev.decomcam.common.config.ConfigDef.Setting;
import dev.decomcam.common.config.Flags;
import dev.decomcam.ops.chaos.ChaosReport;
import dev.decomcam.ops.chaos.ChaosRun;
import java.nio.file.Path;
import java.time.Duration;

/** {@code ./decomcam chaos}: the crash test on a three-broker cluster (see {@code ops.chaos}). */
final class ChaosCommand implements Command {
  @Override
  public String name() {
    return "chaos";
  }

  @Override
  public String summary() {
    return "crash test: 3 brokers, 2 processors and the sink as processes, SIGKILLed and restarted";
  }

  @Override
  public String help() {
    return """
    usage: ./decomcam chaos [--key=value ...]

    Starts a 3-broker KRaft cluster (replication factor 3, min.insync.replicas 2), the sink and
    two explain-processors, each its own JVM; ingests demo videos as recorded cameras (every
    frame explained); SIGKILLs a processor at random points and restarts it, and one broker
    once mid-run. Then checks, reading committed output, that every frame has exactly one
    explanation and one overlay, in order, and that cameras moved between processors resume
    warm. Writes WORK/chaos.json; exit status 0 when it passed, 1 when not.

    """
        + settings().toHelp();
  }

  @Override
  public ConfigDef settings() {
    return new ConfigDef("DECOMCAM_CHAOS_")
        .define(Setting.integer("cameras", 4, 1, 64, "cameras, each its own demo video"))
        .define(Setting.integer("frames", 500, 10, 1_000_000, "frames per camera"))
        .define(Setting.integer("kills", 5, 0, 1000, "processor SIGKILLs, each restarted"))
        .define(Setting.integer("broker.restarts", 1, 0, 1, "broker SIGKILLs mid-run, restarted"))
        .define(Setting.integer("seed", 7, 0, Integer.MAX_VALUE, "seed of videos and kill points"))
        .define(Setting.text("work.dir", "out/chaos", "logs, broker data and chaos.json go here"))
        .define(
            Setting.integer(
                "timeout.minutes", 30, 1, 24 * 60, "give up (and report) after this long"));
  }

  @Override
  public int run(Flags flags) throws Exception {
    ConfigDef.Values s = ServiceRunner.settings(settings(), flags);
    ChaosReport report =
        ChaosRun.of(
                s.integer("cameras"),
                s.integer("frames"),
                s.integer("kills"),
                s.integer("broker.restarts"),
                s.integer("seed"),
                Path.of(s.string("work.dir")),
                Duration.ofMinutes(s.integer("timeout.minutes")))
            .run();
    System.out.println(report.toJson());
    return report.passed() ? 0 : 1;
  }
}
