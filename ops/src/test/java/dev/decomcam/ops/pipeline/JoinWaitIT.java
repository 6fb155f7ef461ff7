package dev.decomcam.ops.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.ops.demo.DemoVideo;
import dev.decomcam.ops.kafka.KafkaBroker;
import dev.decomcam.processor.topology.ExplainMetrics;
import dev.decomcam.sink.SinkConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sink's join wait ({@code join.wait.ms}, Kafka Streams' task idling) on a real KRaft broker:
 * an explanation that comes after its frame waits for the camera's next frame, up to the wait, so a
 * live camera's last explanation is drawn only when the wait runs out; with 0 it is drawn at once.
 */
class JoinWaitIT {
  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  static final Path ROOT = Path.of(System.getProperty("decomcam.root", ".."));

  static final int FRAMES = 10;

  /** Far longer than the test looks: a last explanation held this long is not drawn meanwhile. */
  static final String LONG_WAIT_MS = "600000";

  @Test
  void aLiveCamerasLastExplanationWaitsForTheJoinWaitAndNotAtZero(@TempDir Path out)
      throws Exception {
    Path video = out.resolve("live.mp4");
    DemoVideo.generate(video, out.resolve("live.json"), 3, FRAMES);
    KAFKA.createTopics(1, LocalPipeline.TOPICS);

    // no wait: every frame's overlay, the last one's too, though no frame follows it
    List<Long> noWait = overlays(out.resolve("no-wait"), "nowait", video, "0", FRAMES);
    assertEquals(LongStream.range(0, FRAMES).boxed().toList(), noWait);

    // a long wait: the last explanation waits for a next frame that never comes
    List<Long> longWait =
        overlays(out.resolve("long-wait"), "longwait", video, LONG_WAIT_MS, FRAMES - 1);
    assertEquals(
        LongStream.range(0, FRAMES - 1).boxed().toList(),
        longWait,
        "the last frame's overlay waits for the next frame or " + LONG_WAIT_MS + " ms");
  }

  /**
   * The overlays of a live camera {@code camera} publishing {@code video} at its rate through a
   * pipeline whose sink waits {@code joinWaitMs}, once {@code expected} have come and 10 s more
   * have passed.
   */
  private static List<Long> overlays(
      Path work, String camera, Path video, String joinWaitMs, int expected) throws Exception {
    Map<String, String> processor =
        Map.of(
            "model.spec",
            ROOT.resolve("models/demo-shapes/spec.json").toString(),
            "application.id",
            "explain-" + camera);
    // the frame of a held explanation is not drawn without it (overlay.explanation.wait.ms would
    // draw it with the camera's previous explanation 2 s after its capture): the test sees the join
    // wait alone
    Map<String, String> sink =
        Map.of(
            SinkConfig.JOIN_WAIT_MS,
            joinWaitMs,
            SinkConfig.OVERLAY_EXPLANATION_WAIT,
            "0",
            "application.id",
            "sink-" + camera);
    try (LocalPipeline pipeline =
            LocalPipeline.start(
                KAFKA.bootstrapServers(), work, processor, sink, ExplainMetrics.NONE);
        OutputWatcher watcher = OutputWatcher.forDefaultTopics(KAFKA.bootstrapServers(), e -> {})) {
      pipeline.startIngest(camera, video.toString(), Map.of("pacing", "realtime"));
      assertTrue(
          watcher.awaitOverlays(Map.of(camera, expected), Duration.ofMinutes(2)),
          camera + ": overlays " + watcher.overlaid().get(camera));
      watcher.poll(Duration.ofSeconds(10)); // a held overlay would come here if the wait ran out
      return watcher.overlaid().get(camera);
    }
  }
}
