package dev.decomcam.ops.cli;

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
    return """
        usage: ./decomcam sink [--key=value ...] [--config=FILE]

          --bootstrap.servers   default 127.0.0.1:9092
          --application.id      default decomcam-sink
          --topic.frames / --topic.explanations / --topic.overlays / --topic.deadletter
          --record              write <output.dir>/<camera>-<time>.mp4 (default false)
          --output.dir          default recordings
          --fps                 frame rate of the recordings (default 10)
          --dashboard.port      serve the live dashboard on 127.0.0.1:PORT (default 0 = off)
          --jpeg.quality        JPEG quality of the overlays, 0.05..1.0 (default 0.85)
          --heatmap.alpha       heatmap opacity (default 0.45)
          --components.max      outlined components (default 3)
          --component.threshold outline level of a component map (default 0.5)
          --pending.frames.max  frames kept per camera while waiting for explanations (default 500)
          --state.dir           Kafka Streams state directory
          --kafka.<key>         any Kafka Streams / consumer setting
        Environment: DECOMCAM_SINK_<KEY>.

        example: ./decomcam sink --record=true --output.dir=out/recordings --dashboard.port=8080""";
  }

  @Override
  public int run(Flags flags) throws Exception {
    Map<String, String> options = new LinkedHashMap<>(flags.options());
    String config = options.remove("config");
    SinkService service = new SinkService(SinkConfig.load(config == null ? null : Path.of(config), System.getenv(), options));
    return ServiceRunner.runUntilStopped("sink", service);
  }
}
