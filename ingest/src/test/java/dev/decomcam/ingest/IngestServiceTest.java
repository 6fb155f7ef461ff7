package dev.decomcam.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.schemas.Frame;
import dev.decomcam.schemas.serde.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestServiceTest {
  @Test
  void publishesSampledFramesInOrder() throws Exception {
    MockProducer<String, Frame> producer =
        new MockProducer<>(
            true,
            null,
            Topics.FRAMES.keySerde().serializer(),
            Topics.FRAMES.valueSerde().serializer());
    IngestConfig cfg =
        IngestConfig.load(
            null,
            Map.of(),
            Map.of(
                "source",
                SharedMedia.video("eagle_pan.mp4").toString(),
                "camera.id",
                "eagle",
                "pacing",
                "fast",
                "sample.every",
                "5",
                "max.width",
                "320"));
    IngestService svc = new IngestService(cfg, c -> producer, System::currentTimeMillis);
    IngestService.Stats stats = svc.runToEnd();
    assertEquals(40, stats.framesPublished());
    assertEquals(200, stats.framesRead());
    assertNull(stats.failure());
    List<Frame> frames = producer.history().stream().map(r -> r.value()).toList();
    assertEquals(40, frames.size());
    for (int i = 0; i < frames.size(); i++) {
      Frame f = frames.get(i);
      assertEquals(i, f.getSequence());
      assertFalse(f.getLive(), "a file published fast is a replay, not live");
      assertEquals(320, f.getWidth());
      assertEquals(240, f.getHeight());
      assertTrue(f.getImage().remaining() < 200_000);
      if (i > 0) {
        assertTrue(f.getPtsMicros() > frames.get(i - 1).getPtsMicros());
      }
    }
    assertTrue(producer.closed(), "producer must be flushed and closed");
  }

  @Test
  void stopEndsALoopingIngest() throws Exception {
    MockProducer<String, Frame> producer =
        new MockProducer<>(
            true,
            null,
            Topics.FRAMES.keySerde().serializer(),
            Topics.FRAMES.valueSerde().serializer());
    IngestConfig cfg =
        IngestConfig.load(
            null,
            Map.of(),
            Map.of(
                "source",
                SharedMedia.video("eagle_pan.mp4").toString(),
                "pacing",
                "realtime",
                "loop",
                "true"));
    IngestService svc = new IngestService(cfg, c -> producer, System::currentTimeMillis);
    svc.start();
    svc.stop();
    assertTrue(svc.awaitTermination(Duration.ofSeconds(10)));
    assertTrue(producer.closed());
  }

  @Test
  void badSourceFailsAtStart() {
    IngestConfig cfg = IngestConfig.load(null, Map.of(), Map.of("source", "/nonexistent/cam.mp4"));
    IngestService svc =
        new IngestService(
            cfg,
            c -> {
              throw new AssertionError("no producer for a bad source");
            },
            System::currentTimeMillis);
    IngestException e = assertThrows(IngestException.class, svc::start);
    assertEquals("video not found: /nonexistent/cam.mp4: check the path", e.getMessage());
  }

  @Test
  void aFileThatEndsIsNeitherReconnectedNorAFailure() throws Exception {
    MockProducer<String, Frame> producer =
        new MockProducer<>(
            true,
            null,
            Topics.FRAMES.keySerde().serializer(),
            Topics.FRAMES.valueSerde().serializer());
    IngestConfig cfg =
        IngestConfig.load(
            null,
            Map.of(),
            Map.of(
                "source",
                SharedMedia.video("eagle_pan.mp4").toString(),
                "pacing",
                "fast",
                "max.width",
                "160"));
    IngestService.Stats stats =
        new IngestService(cfg, c -> producer, System::currentTimeMillis).runToEnd();
    assertNull(stats.failure());
    assertEquals("end of file", stats.endReason());
    assertEquals(0, stats.reconnects());
    assertEquals(200, stats.framesPublished());
    assertTrue(producer.history().stream().allMatch(r -> r.value().getReconnects() == 0));
  }

  @Test
  void aFileCutOffMidWayEndsCleanlyWithWhatItHad(@TempDir Path dir) throws Exception {
    byte[] whole = Files.readAllBytes(SharedMedia.video("vtest.avi"));
    Path half = dir.resolve("half.avi");
    Files.write(half, Arrays.copyOf(whole, whole.length / 2));
    MockProducer<String, Frame> producer =
        new MockProducer<>(
            true,
            null,
            Topics.FRAMES.keySerde().serializer(),
            Topics.FRAMES.valueSerde().serializer());
    IngestConfig cfg =
        IngestConfig.load(
            null,
            Map.of(),
            Map.of("source", half.toString(), "pacing", "fast", "max.width", "160"));
    IngestService.Stats stats =
        new IngestService(cfg, c -> producer, System::currentTimeMillis).runToEnd();
    assertNull(stats.failure());
    assertEquals("end of file", stats.endReason());
    assertEquals(0, stats.reconnects());
    assertTrue(stats.framesPublished() > 100, "the frames before the cut: " + stats);
    assertEquals(stats.framesPublished(), producer.history().size());
    assertTrue(producer.closed());
  }
}
