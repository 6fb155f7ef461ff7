package dev.decomcam.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.common.config.ConfigError;
import dev.decomcam.schemas.serde.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestConfigTest {
  @Test
  void aRangeIsSecondsOrClockTimeAndEndsAfterItStarts() {
    IngestConfig c =
        IngestConfig.load(
            null, Map.of(), Map.of("source", "x.mp4", "from", "1:02.5", "to", "01:00:00"));
    assertEquals(62_500_000L, c.fromMicros());
    assertEquals(3_600_000_000L, c.toMicros());
    assertEquals(62_500_000L, c.streamOptions().fromMicros());
    assertEquals(
        12_500_000L,
        IngestConfig.load(null, Map.of(), Map.of("source", "x.mp4", "from", "12.5")).fromMicros());
    assertEquals(0L, IngestConfig.load(null, Map.of(), Map.of("source", "x.mp4")).toMicros());
    for (String bad : new String[] {"-1", "1:60", "a", "1:2:3:4", "1::2"}) {
      assertThrows(
          ConfigError.class,
          () -> IngestConfig.load(null, Map.of(), Map.of("source", "x.mp4", "from", bad)),
          bad);
    }
    ConfigError order =
        assertThrows(
            ConfigError.class,
            () ->
                IngestConfig.load(
                    null, Map.of(), Map.of("source", "x.mp4", "from", "10", "to", "5")));
    assertTrue(order.getMessage().contains("set a later to"), order.getMessage());
    assertThrows(
        ConfigError.class,
        () ->
            IngestConfig.load(
                null, Map.of(), Map.of("source", "x.mp4", "to", "5", "loop", "true")));
  }

  @Test
  void defaultsNeedOnlyASource() {
    IngestConfig c = IngestConfig.load(null, Map.of(), Map.of("source", "x.mp4"));
    assertEquals("127.0.0.1:9092", c.bootstrapServers());
    assertEquals(Topics.FRAMES.name(), c.topic());
    assertEquals("cam-0", c.cameraId());
    assertEquals(0, c.maxFrames());
    assertEquals(java.time.Duration.ofSeconds(10), c.timeout());
    assertEquals(Pacer.Mode.REALTIME, c.pacing());
    assertEquals(1, c.sampleEvery());
    assertFalse(c.loop());
    assertEquals(0.85, c.jpegQuality());
    assertEquals(LiveMode.AUTO, c.live());
  }

  @Test
  void liveAutoFollowsTheSourceKindAndThePacing() {
    for (String pacing : new String[] {"realtime", "fast"}) {
      IngestConfig url = live("rtsp://cam.local/stream", pacing, null);
      IngestConfig device = live("/dev/video0", pacing, null);
      assertTrue(url.liveFor(VideoSource.kindOf(url.source())), "a network stream is live");
      assertTrue(device.liveFor(VideoSource.kindOf(device.source())), "a device is live");
    }
    for (String source : new String[] {"clip.mp4", "file:///media/clip.mp4"}) {
      IngestConfig real = live(source, "realtime", null);
      IngestConfig fast = live(source, "fast", null);
      assertTrue(real.liveFor(VideoSource.kindOf(source)), "a file paced in real time is live");
      assertFalse(fast.liveFor(VideoSource.kindOf(source)), "a file published fast is a replay");
    }
    for (String url : new String[] {"http://h/a.mjpg", "https://h/a", "udp://0.0.0.0:5000"}) {
      assertTrue(live(url, "fast", "auto").liveFor(VideoSource.kindOf(url)), url);
    }
  }

  @Test
  void liveTrueAndFalseOverrideTheSource() {
    assertTrue(live("clip.mp4", "fast", "true").liveFor(VideoSource.Kind.FILE));
    assertTrue(live("clip.mp4", "fast", "TRUE").liveFor(VideoSource.Kind.FILE));
    assertFalse(live("rtsp://cam/1", "realtime", "false").liveFor(VideoSource.Kind.URL));
    assertFalse(live("/dev/video0", "realtime", "false").liveFor(VideoSource.Kind.DEVICE));
    ConfigError e = assertThrows(ConfigError.class, () -> live("clip.mp4", "fast", "maybe"));
    assertTrue(
        e.getMessage().startsWith("config key 'live' = 'maybe' is invalid: set one of"),
        e.getMessage());
    assertTrue(e.getMessage().contains("auto, false, true"), e.getMessage());
  }

  private static IngestConfig live(String source, String pacing, String live) {
    Map<String, String> o = new java.util.HashMap<>(Map.of("source", source, "pacing", pacing));
    if (live != null) {
      o.put("live", live);
    }
    return IngestConfig.load(null, Map.of(), o);
  }

  @Test
  void overridesBeatEnvironmentBeatsFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("ingest.properties");
    Files.writeString(
        file, "source=a.mp4\ncamera.id=from-file\nsample.every=3\nkafka.linger.ms=50\n");
    IngestConfig c =
        IngestConfig.load(
            file,
            Map.of(
                "DECOMCAM_INGEST_CAMERA_ID",
                "from-env",
                "DECOMCAM_INGEST_PACING",
                "fast",
                "HOME",
                "/x"),
            Map.of("pacing", "realtime"));
    assertEquals("from-env", c.cameraId());
    assertEquals(Pacer.Mode.REALTIME, c.pacing());
    assertEquals(3, c.sampleEvery());
    assertEquals("50", c.producerProperties().getProperty("linger.ms"));
  }

  @Test
  void reconnectSettingsDefaultToForeverWithBackoffAndCanBeSet() {
    IngestConfig d = IngestConfig.load(null, Map.of(), Map.of("source", "rtsp://cam/1"));
    assertEquals(ReconnectPolicy.DEFAULT, d.reconnect());
    assertEquals(0, d.metricsPort());
    IngestConfig c =
        IngestConfig.load(
            null,
            Map.of("DECOMCAM_INGEST_RECONNECT_ATTEMPTS", "5"),
            Map.of(
                "source", "rtsp://cam/1",
                "reconnect.initial.ms", "100",
                "reconnect.max.ms", "2000",
                "stall.timeout.ms", "4000",
                "metrics.port", "9464"));
    assertEquals(
        new ReconnectPolicy(
            true, Duration.ofMillis(100), Duration.ofMillis(2_000), 5, Duration.ofMillis(4_000)),
        c.reconnect());
    assertEquals(9464, c.metricsPort());
    assertFalse(
        IngestConfig.load(null, Map.of(), Map.of("source", "x", "reconnect", "false"))
            .reconnect()
            .enabled());
    ConfigError e =
        assertThrows(
            ConfigError.class,
            () ->
                IngestConfig.load(
                    null,
                    Map.of(),
                    Map.of(
                        "source",
                        "x",
                        "reconnect.initial.ms",
                        "5000",
                        "reconnect.max.ms",
                        "1000")));
    assertTrue(
        e.getMessage().endsWith("set reconnect.max.ms >= reconnect.initial.ms"), e.getMessage());
  }

  @Test
  void errorsNameTheKeyAndTheFix() {
    ConfigError missing =
        assertThrows(ConfigError.class, () -> IngestConfig.load(null, Map.of(), Map.of()));
    assertTrue(missing.getMessage().contains("'source'"), missing.getMessage());
    ConfigError q =
        assertThrows(
            ConfigError.class,
            () -> IngestConfig.load(null, Map.of(), Map.of("source", "x", "jpeg.quality", "high")));
    assertTrue(
        q.getMessage().startsWith("config key 'jpeg.quality' = 'high' is invalid: set a number"),
        q.getMessage());
    ConfigError p =
        assertThrows(
            ConfigError.class,
            () -> IngestConfig.load(null, Map.of(), Map.of("source", "x", "pacing", "slow")));
    assertTrue(p.getMessage().contains("fast, realtime"), p.getMessage());
    ConfigError n =
        assertThrows(
            ConfigError.class,
            () -> IngestConfig.load(null, Map.of(), Map.of("source", "x", "sample.every", "0")));
    assertTrue(n.getMessage().contains("'sample.every'"), n.getMessage());
    ConfigError f =
        assertThrows(
            ConfigError.class,
            () -> IngestConfig.load(Path.of("/nonexistent/ingest.properties"), Map.of(), Map.of()));
    assertTrue(f.getMessage().startsWith("config file not found"), f.getMessage());
  }
}
