package dev.decomcam.ops.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.decomcam.ingest.IngestConfig;
import dev.decomcam.sink.SinkConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoRunTest {

  private static DemoRun.Options options(
      String pacing, Map<String, String> sink, Map<String, String> ingest) {
    return new DemoRun.Options(
        Path.of("out"),
        10,
        1,
        2,
        pacing,
        7,
        List.of(),
        Map.of(),
        sink,
        Duration.ofSeconds(1),
        ingest);
  }

  @Test
  void aRealtimeRunOfLiveCamerasOnlyHasNoJoinWait() {
    Map<String, String> sink = DemoRun.sinkSettings(options("realtime", Map.of(), Map.of()), 25);
    assertEquals("0", sink.get(SinkConfig.JOIN_WAIT_MS));
    assertEquals("25", sink.get(SinkConfig.FPS));
    assertEquals("true", sink.get(SinkConfig.RECORD));
  }

  @Test
  void recordingsKeepTheJoinWaitAndTheCallersSettingsWin() {
    assertNull(DemoRun.sinkSettings(options("fast", Map.of(), Map.of()), 25).get("join.wait.ms"));
    assertNull(
        DemoRun.sinkSettings(options("realtime", Map.of(), Map.of(IngestConfig.LIVE, "false")), 25)
            .get(SinkConfig.JOIN_WAIT_MS),
        "realtime pacing of cameras that are not live");
    assertEquals(
        "500",
        DemoRun.sinkSettings(
                options("realtime", Map.of(SinkConfig.JOIN_WAIT_MS, "500"), Map.of()), 25)
            .get(SinkConfig.JOIN_WAIT_MS));
  }
}
