package dev.decomcam.ops.cli;

import dev.decomcam.common.config.ConfigDef;
import dev.decomcam.common.config.Flags;
import dev.decomcam.sink.SinkConfig;
import dev.decomcam.sink.SinkService;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code ./decomcam sink}: render overlays, publish them and record MP4. */
final class SinkCommand implements Command {
  @Override
  public String name() {
    return "sink";
  }

  @Override
  public String summary() {
    return "join frames with explanations, render and publish overlays, record MP4 per camera";
  }

  @Override
  public String help() {
    return "usage: ./decomcam sink [--key=value ...] [--config=FILE]\n\n"
        + SinkConfig.DEF.toHelp()
        + "\n"
        + "example: ./decomcam sink --record=true --output.dir=out/recordings"
        + " --dashboard.port=8080";
  }

  @Override
  public ConfigDef settings() {
    return SinkConfig.DEF;
  }

  @Override
  public int run(Flags flags) throws Exception {
    Map<String, String> options = new LinkedHashMap<>(flags.options());
    String config = options.remove("config");
    SinkService service =
        new SinkService(
            SinkConfig.load(config == null ? null : Path.of(config), System.getenv(), options));
    return ServiceRunner.runUntilStopped("sink", service);
  }
}
