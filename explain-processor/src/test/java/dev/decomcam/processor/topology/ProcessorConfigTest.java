package dev.decomcam.processor.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.common.config.ConfigError;
import dev.decomcam.processor.decom.DecomCamConfig;
import dev.decomcam.processor.decom.StreamingConfig;
import dev.decomcam.processor.decom.StreamingDecomCam;
import dev.decomcam.processor.engine.EngineKind;
import dev.decomcam.schemas.serde.Topics;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class ProcessorConfigTest {

  @Test
  void streamingDefaultsAreStreamingConfigsAndEveryKeyOverridesItsField() {
    ProcessorConfig d = ProcessorConfig.load(null, Map.of(), Map.of());
    assertEquals(StreamingConfig.of(d.decomCam()), d.streaming());
    ProcessorConfig c =
        ProcessorConfig.load(
            null,
            Map.of("DECOMCAM_PROCESSOR_STREAMING_RESET_COVERAGE", "1"),
            Map.of(
                "streaming.refresh.per.frame",
                "0.5",
                "streaming.refresh.every",
                "4",
                "streaming.rescore.changed",
                "0.9",
                "streaming.drift",
                "0.2",
                "streaming.scene.cut",
                "0.4",
                "decomcam.components",
                "6"));
    StreamingConfig s = c.streaming();
    assertEquals(1.0, s.resetCoverage());
    assertEquals(0.5, s.refreshPerFrame());
    assertEquals(4, s.refreshEvery());
    assertEquals(0.9, s.rescoreAllFraction());
    assertEquals(0.2, s.driftThreshold());
    assertEquals(0.4, s.resetThreshold());
    assertEquals(6, s.decom().components(), "the streaming method uses the decomcam.* settings");
    assertEquals(s, ((StreamingDecomCam) c.newMethod()).config());
  }

  @Test
  void anOutOfRangeStreamingValueNamesItsKey() {
    ConfigError e =
        assertThrows(
            ConfigError.class,
            () -> ProcessorConfig.load(null, Map.of(), Map.of("streaming.reset.coverage", "0")));
    assertTrue(e.getMessage().contains("streaming.reset.coverage"), e.getMessage());
    ConfigError typo =
        assertThrows(
            ConfigError.class,
            () ->
                ProcessorConfig.load(null, Map.of(), Map.of("streaming.refresh.per.frames", "1")));
    assertTrue(typo.getMessage().contains("streaming.refresh.per.frame"), typo.getMessage());
  }

  @Test
  void defaultsComeFromTheDefinitionTopicsAndTheAlgorithm() {
    ProcessorConfig d = ProcessorConfig.load(null, Map.of(), Map.of());
    assertEquals(Topics.FRAMES.name(), d.framesTopic());
    assertEquals(Topics.EXPLANATIONS.name(), d.explanationsTopic());
    assertEquals(Topics.DEAD_LETTER.name(), d.deadLetterTopic());
    assertEquals(Topics.COMPONENT_EVENTS.name(), d.componentEventsTopic());
    assertEquals(DecomCamConfig.defaults(), d.decomCam());
    assertEquals(1, d.batchFrames(), "batched forwards are off unless asked for");
    assertEquals("streaming", d.mode());
    assertEquals(null, d.engineOptions().engine(), "the spec's engine unless overridden");
    assertEquals(300, d.liveMaxLagMs());
    assertEquals(300, d.topologyOptions().liveMaxLagMs());
    assertEquals(
        1_000,
        ProcessorConfig.load(null, Map.of("DECOMCAM_PROCESSOR_LIVE_MAX_LAG_MS", "1000"), Map.of())
            .topologyOptions()
            .liveMaxLagMs());
    assertEquals(
        0, ProcessorConfig.load(null, Map.of(), Map.of("batch.frames", "AUTO")).batchFrames());
    assertEquals(
        EngineKind.ONNX_RUNTIME,
        ProcessorConfig.load(null, Map.of(), Map.of("model.engine", "onnxruntime"))
            .engineOptions()
            .engine());
  }

  @Test
  void badValuesNameTheKeyAndTheFix() {
    assertEquals(
        "config key 'batch.frames' = '65' is invalid: set auto or a number of frames from 1 to 64 "
            + "(1 = no batching)",
        error("batch.frames", "65"));
    assertEquals(
        "config key 'model.engine' = 'tf' is invalid: set one of " + EngineKind.choices(),
        error("model.engine", "tf"));
    assertEquals(
        "config key 'mode' = 'fast' is invalid: set one of full, streaming", error("mode", "fast"));
    assertEquals(
        "config key 'num.stream.threads' = '0' is invalid: set an integer from 1 to 64",
        error("num.stream.threads", "0"));
    assertEquals(
        "config key 'topic.frames' = 'a b' is not a Kafka topic name: use 1 to 249 letters,"
            + " digits, '.', '_' or '-'",
        error("topic.frames", "a b"));
    assertEquals(
        "config key 'live.max.lag.ms' = '0' is invalid: set an integer from 1 to 2147483647",
        error("live.max.lag.ms", "0"));
  }

  private static String error(String key, String value) {
    return assertThrows(
            ConfigError.class, () -> ProcessorConfig.load(null, Map.of(), Map.of(key, value)))
        .getMessage();
  }

  @Test
  void streamsPropertiesAreTheSharedBaseThenTheProcessorsThenTheUsers() {
    ProcessorConfig c =
        ProcessorConfig.load(
            null,
            Map.of(),
            Map.of("num.stream.threads", "2", "state.dir", "/s", "kafka.commit.interval.ms", "50"));
    Properties p = ProcessorService.streamsProperties(c);
    assertEquals(StreamsConfig.EXACTLY_ONCE_V2, p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
    assertEquals("decomcam-explain", p.get(StreamsConfig.APPLICATION_ID_CONFIG));
    assertEquals("127.0.0.1:9092", p.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
    assertEquals("/s", p.get(StreamsConfig.STATE_DIR_CONFIG));
    assertEquals(2, p.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG));
    assertEquals(20, p.get("consumer.max.poll.records"));
    assertEquals("earliest", p.get("consumer.auto.offset.reset"));
    assertEquals(16 << 20, p.get("producer.max.request.size"));
    assertEquals(ProcessorService.DEAD_LETTER_MAX_BYTES, p.get("producer.max.request.size"));
    assertEquals("50", p.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG), "kafka.* wins");
    assertEquals(1_000, p.get("heartbeat.interval.ms"));
    assertEquals(10_000, p.get("session.timeout.ms"));
    assertEquals(11, p.size());
  }

  @Test
  void topicsAreKafkaNamesOfTheirOwnAndThePixelLimitIsRead() {
    assertEquals(
        "config key 'topic.frames' = 'frames/live' is not a Kafka topic name: use 1 to 249"
            + " letters, digits, '.', '_' or '-'",
        assertThrows(
                ConfigError.class,
                () -> ProcessorConfig.load(null, Map.of(), Map.of("topic.frames", "frames/live")))
            .getMessage());
    assertTrue(
        assertThrows(
                ConfigError.class,
                () -> ProcessorConfig.load(null, Map.of(), Map.of("topic.deadletter", "frames")))
            .getMessage()
            .endsWith("repeat a name: give each topic its own name"));
    assertEquals(
        1_000_000,
        ProcessorConfig.load(null, Map.of(), Map.of("image.max.pixels", "1000000"))
            .topologyOptions()
            .pixelLimit()
            .maxPixels());
  }
}
