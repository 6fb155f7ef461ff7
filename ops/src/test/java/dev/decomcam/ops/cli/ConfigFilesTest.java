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

  @Test
  void theSecurityExampleReachesEveryServicesKafkaClients() throws java.io.IOException {
    java.util.Properties security = new java.util.Properties();
    try (var in =
        java.nio.file.Files.newBufferedReader(CONFIG.resolve("kafka-security.properties"))) {
      security.load(in);
    }
    Map<String, String> flags = new java.util.HashMap<>();
    security.stringPropertyNames().forEach(k -> flags.put(k, security.getProperty(k)));
    ProcessorConfig p = ProcessorConfig.load(null, Map.of(), flags);
    SinkConfig s = SinkConfig.load(null, Map.of(), flags);
    Map<String, String> ingestFlags = new java.util.HashMap<>(flags);
    ingestFlags.put("source", "x.mp4");
    IngestConfig i = IngestConfig.load(null, Map.of(), ingestFlags);
    for (java.util.Properties client :
        java.util.List.of(p.streamsOverrides(), s.kafkaOverrides(), i.producerProperties())) {
      assertEquals("SASL_SSL", client.getProperty("security.protocol"));
      assertEquals("SCRAM-SHA-512", client.getProperty("sasl.mechanism"));
      assertEquals(
          "/etc/decomcam/kafka-truststore.p12", client.getProperty("ssl.truststore.location"));
    }
  }
}
