package dev.decomcam.ops.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.decomcam.ingest.IngestConfig;
import dev.decomcam.processor.topology.ProcessorConfig;
import dev.decomcam.sink.SinkConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example configs under ops/config are valid and mean what their comments say. */
class ConfigFilesTest {
  static final Path CONFIG =
      Path.of(System.getProperty("decomcam.root", "..")).resolve("ops/config");

  @Test
  void exampleConfigsLoad() {
    ProcessorConfig p =
        ProcessorConfig.load(CONFIG.resolve("explain-processor.properties"), Map.of(), Map.of());
    assertEquals("streaming", p.mode());
    assertEquals("component-events", p.componentEventsTopic());
    assertEquals(
        dev.decomcam.processor.decom.StreamingConfig.of(p.decomCam()),
        p.streaming(),
        "the example file spells out the streaming defaults");
    assertEquals("200", p.streamsOverrides().getProperty("commit.interval.ms"));
    IngestConfig i =
        IngestConfig.load(CONFIG.resolve("ingest.properties"), Map.of(), Map.of("source", "x.mp4"));
    assertEquals("cam-0", i.cameraId());
    SinkConfig s =
        SinkConfig.load(
            CONFIG.resolve("sink.properties"), Map.of("DECOMCAM_SINK_FPS", "12"), Map.of());
    assertEquals(12.0, s.fps(), 1e-9);
  }
}
