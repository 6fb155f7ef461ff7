package dev.decomcam.ops.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.ops.demo.DemoVideo;
import dev.decomcam.ops.kafka.KafkaBroker;
import dev.decomcam.processor.topology.ExplainMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recording published far faster than it is explained, on a real KRaft broker: ingest publishes
 * {@link #FRAMES} frames in about a second while a model slowed to {@link #MODEL_MS} per frame
 * takes several, so the frames run ahead of their explanations by many times the sink's {@code
 * pending.recording.frames.max} (set to {@link #PENDING_MAX} here, where its default keeps a
 * hundred thousand frames, so the test shows the waiting alone). The sink must wait for
 * explanations rather than read frames ahead into its frame store, where the oldest would be purged
 * and their overlays lost: every frame gets exactly one overlay, in order, and nothing is
 * dead-lettered.
 *
 * <p>The sink waits at most {@code max.task.idle.ms} for an explanation before it reads frames
 * ahead anyway; the service's 1 s default covers a processor's commit cadence but not every stall
 * of a loaded test machine (a processor paused longer lets this tiny frame store overflow), so the
 * test gives it {@link #IDLE_MS}: what is tested is that the sink waits, not for how long.
 */
class RecordingBacklogIT {
  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  static final Path ROOT = Path.of(System.getProperty("decomcam.root", ".."));

  static final int FRAMES = 150;
  static final long MODEL_MS = 30;
  static final int PENDING_MAX = 20;
  static final long IDLE_MS = 15_000;

  @Test
  void aRecordingFarAheadOfItsExplanationsLosesNoOverlay(@TempDir Path out) throws Exception {
    Path video = out.resolve("rec.mp4");
    DemoVideo.generate(video, out.resolve("rec.json"), 9, FRAMES);
    KAFKA.createTopics(1, LocalPipeline.TOPICS);
    Map<String, String> processor =
        Map.of("model.spec", ROOT.resolve("models/demo-shapes/spec.json").toString());
    try (LocalPipeline pipeline =
            LocalPipeline.start(
                KAFKA.bootstrapServers(),
                out,
                processor,
                Map.of(
                    "pending.frames.max",
                    Integer.toString(PENDING_MAX),
                    "pending.recording.frames.max",
                    Integer.toString(PENDING_MAX),
                    "kafka.max.task.idle.ms",
                    Long.toString(IDLE_MS)),
                ExplainMetrics.NONE,
                m -> new LiveOverloadIT.SlowModel(m, MODEL_MS));
        OutputWatcher watcher = OutputWatcher.forDefaultTopics(KAFKA.bootstrapServers(), e -> {})) {
      pipeline.startIngest("rec", video.toString(), Map.of("pacing", "fast"));
      assertTrue(
          watcher.awaitOverlays(Map.of("rec", FRAMES), Duration.ofMinutes(3)),
          "overlays so far: "
              + watcher.overlaid().getOrDefault("rec", List.of()).size()
              + " of "
              + FRAMES
              + "; dead letters: "
              + watcher.deadLetters().size());
      watcher.poll(Duration.ofSeconds(2)); // duplicates, if any, would arrive here
      List<Long> all = LongStream.range(0, FRAMES).boxed().toList();
      assertEquals(all, watcher.explained().get("rec"), "explanations");
      assertEquals(all, watcher.overlaid().get("rec"), "overlays");
      assertTrue(watcher.deadLetters().isEmpty(), "dead letters: " + watcher.deadLetters());
      assertEquals(0, watcher.skippedOverlays(), "a recording is never skipped");
    }
  }
}
