package dev.decomcam.processor.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.processor.decom.StreamingConfig;
import dev.decomcam.processor.decom.StreamingDecomCam;
import dev.decomcam.common.config.ConfigError;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessorConfigTest {

  @Test
  void streamingDefaultsAreStreamingConfigsAndEveryKeyOverridesItsField() {
    ProcessorConfig d = ProcessorConfig.load(null, Map.of(), Map.of());
    assertEquals(StreamingConfig.of(d.decomCam()), d.streaming());
    ProcessorConfig c = ProcessorConfig.load(null, Map.of("DECOMCAM_PROCESSOR_STREAMING_RESET_COVERAGE", "1"),
        Map.of("streaming.refresh.per.frame", "0.5", "streaming.refresh.every", "4", "streaming.rescore.changed", "0.9",
            "streaming.drift", "0.2", "streaming.scene.cut", "0.4", "decomcam.components", "6"));
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
    ConfigError e = assertThrows(ConfigError.class,
        () -> ProcessorConfig.load(null, Map.of(), Map.of("streaming.reset.coverage", "0")));
    assertTrue(e.getMessage().contains("streaming.reset.coverage"), e.getMessage());
    ConfigError typo = assertThrows(ConfigError.class,
        () -> ProcessorConfig.load(null, Map.of(), Map.of("streaming.refresh.per.frames", "1")));
    assertTrue(typo.getMessage().contains("streaming.refresh.per.frame"), typo.getMessage());
  }
}
