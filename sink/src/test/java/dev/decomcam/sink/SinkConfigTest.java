package dev.decomcam.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.common.config.ConfigError;
import dev.decomcam.schemas.serde.Topics;
import dev.decomcam.sink.topology.SinkTopology;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class SinkConfigTest {
  @Test
  void runsWithNoFileAndExactlyOnce() {
    SinkConfig c = SinkConfig.load(null, Map.of(), Map.of());
    assertEquals("decomcam-sink", c.applicationId());
    assertEquals("127.0.0.1:9092", c.bootstrapServers());
    assertFalse(c.record());
    Properties p = SinkTopology.streamsConfig(c);
    assertEquals(StreamsConfig.EXACTLY_ONCE_V2, p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
    assertEquals("decomcam-sink", p.get(StreamsConfig.APPLICATION_ID_CONFIG));
    assertEquals("127.0.0.1:9092", p.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
    assertEquals(c.stateDir().toString(), p.get(StreamsConfig.STATE_DIR_CONFIG));
    assertEquals(32L << 20, p.get(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG));
    assertEquals(16 << 20, p.get("producer.max.request.size"));
    assertEquals(1_000L, p.get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG));
    assertEquals(1_000, p.get("heartbeat.interval.ms"));
    assertEquals(10_000, p.get("session.timeout.ms"));
    assertEquals(9, p.size());
    assertEquals(Topics.FRAMES.name(), c.framesTopic());
    assertEquals(Topics.OVERLAYS.name(), c.overlaysTopic());
    assertEquals(Topics.DEAD_LETTER.name(), c.deadLetterTopic());
  }

  @Test
  void environmentAndOverridesApply() {
    SinkConfig c =
        SinkConfig.load(
            null,
            Map.of("DECOMCAM_SINK_RECORD", "true", "DECOMCAM_SINK_FPS", "25"),
            Map.of("topic.overlays", "ov2", "kafka.num.stream.threads", "2"));
    assertTrue(c.record());
    assertEquals(25.0, c.fps());
    assertEquals("ov2", c.overlaysTopic());
    assertEquals("2", SinkTopology.streamsConfig(c).get("num.stream.threads"));
  }

  @Test
  void theJoinWaitIsKafkaStreamsTaskIdlingAndAKafkaOverrideWins() {
    SinkConfig live = SinkConfig.load(null, Map.of(), Map.of(SinkConfig.JOIN_WAIT_MS, "0"));
    assertEquals(0, live.joinWaitMs());
    assertEquals(0L, SinkTopology.streamsConfig(live).get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG));
    SinkConfig raw =
        SinkConfig.load(
            null, Map.of(), Map.of(SinkConfig.JOIN_WAIT_MS, "0", "kafka.max.task.idle.ms", "250"));
    assertEquals("250", SinkTopology.streamsConfig(raw).get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG));
    assertThrows(
        ConfigError.class,
        () -> SinkConfig.load(null, Map.of(), Map.of(SinkConfig.JOIN_WAIT_MS, "-1")));
  }

  @Test
  void errorsNameTheKey() {
    ConfigError e =
        assertThrows(
            ConfigError.class, () -> SinkConfig.load(null, Map.of(), Map.of("heatmap.alpha", "2")));
    assertTrue(
        e.getMessage().startsWith("config key 'heatmap.alpha' = '2' is invalid"), e.getMessage());
    ConfigError same =
        assertThrows(
            ConfigError.class,
            () -> SinkConfig.load(null, Map.of(), Map.of("topic.overlays", "frames")));
    assertTrue(same.getMessage().contains("give each topic its own name"), same.getMessage());
  }

  @Test
  void topicsAreKafkaNamesAndRecordAndPixelLimitsAreRead() {
    assertTrue(
        assertThrows(
                ConfigError.class,
                () -> SinkConfig.load(null, Map.of(), Map.of("topic.overlays", "..")))
            .getMessage()
            .startsWith("config key 'topic.overlays' = '..' is not a Kafka topic name"));
    SinkConfig c =
        SinkConfig.load(
            null, Map.of(), Map.of("record.max.bytes", "2048", "image.max.pixels", "12"));
    assertEquals(2048, c.maxRecordBytes());
    assertEquals(12, SinkTopology.Deps.of(c).pixelLimit().maxPixels());
    assertEquals(2048, SinkTopology.Deps.of(c).maxRecordBytes());
  }
}
