package dev.decomcam.ops.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.ops.demo.DemoVideo;
import dev.decomcam.ops.kafka.KafkaBroker;
import dev.decomcam.ops.replay.WindowReader;
import dev.decomcam.processor.topology.ExplainMetrics;
import dev.decomcam.processor.topology.ProcessorConfig;
import dev.decomcam.processor.topology.ProcessorService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live cameras handed over between explain-processor instances on a real KRaft broker. Two
 * instances share the frames' two partitions, one camera on each; one instance stops cleanly in the
 * middle of the run (a rolling restart, a scale-in). Its camera must be explained by the other
 * instance within the run. Kafka Streams by default stays in the group on close, so the stopped
 * instance's partition would wait for its session to expire; the session is set to a minute here,
 * longer than the run, so that such a stop would leave the camera unexplained to the end.
 */
class ProcessorHandOverIT {
  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  static final Path ROOT = Path.of(System.getProperty("decomcam.root", ".."));

  static final int PARTITIONS = 2;

  /** 16 s of live video per camera; the stop comes after {@link #STOP_AFTER}. */
  static final int FRAMES = 16 * DemoVideo.FPS;

  static final Duration STOP_AFTER = Duration.ofSeconds(5);

  /** Longer than the run: a stop that stays in the group would hold its partition to the end. */
  static final int SESSION_TIMEOUT_MS = 60_000;

  /**
   * Bound on a camera's explanation age after the stop: a hand-over takes a rebalance and a model
   * load on the receiving stream thread (a second or two here); staying in the group would take the
   * whole remaining run, 11 s.
   */
  static final long AGE_BOUND_MS = 8_000;

  @Test
  void aStoppedInstancesLiveCameraIsExplainedByTheOtherWithinTheRun(@TempDir Path out)
      throws Exception {
    Path video = out.resolve("live.mp4");
    DemoVideo.generate(video, out.resolve("live.json"), 7, FRAMES);
    KAFKA.createTopics(PARTITIONS, LocalPipeline.TOPICS);
    List<String> cameras = List.of(cameraOn(0), cameraOn(1));
    Map<String, String> processor = new LinkedHashMap<>();
    processor.put(
        ProcessorConfig.MODEL_SPEC, ROOT.resolve("models/demo-shapes/spec.json").toString());
    processor.put(ProcessorConfig.KAFKA_PREFIX + "session.timeout.ms", "" + SESSION_TIMEOUT_MS);
    try (LocalPipeline pipeline =
            LocalPipeline.start(
                KAFKA.bootstrapServers(), out, processor, Map.of(), ExplainMetrics.NONE);
        OutputWatcher watcher = OutputWatcher.forDefaultTopics(KAFKA.bootstrapServers(), e -> {})) {
      Map<String, String> secondSettings = new LinkedHashMap<>(processor);
      secondSettings.put(ProcessorConfig.BOOTSTRAP_SERVERS, KAFKA.bootstrapServers());
      secondSettings.put(ProcessorConfig.STATE_DIR, out.resolve("processor-state-2").toString());
      ProcessorService second =
          new ProcessorService(
              ProcessorConfig.load(null, Map.of(), secondSettings), ExplainMetrics.NONE);
      long stoppedAt;
      try {
        second.start();
        // each instance owns one partition, so one camera, before the cameras start
        await(
            () -> second.activeTasks() == 1 && pipeline.processor().activeTasks() == 1,
            () ->
                "each instance running one task: first "
                    + pipeline.processor().activeTasks()
                    + ", second "
                    + second.activeTasks());
        for (String camera : cameras) {
          pipeline.startIngest(camera, video.toString(), Map.of("pacing", "realtime"));
        }
        Thread.sleep(STOP_AFTER.toMillis());
        stoppedAt = System.currentTimeMillis();
      } finally {
        second.stop();
      }
      Map<String, Integer> expected = new LinkedHashMap<>();
      cameras.forEach(c -> expected.put(c, FRAMES));
      assertTrue(
          watcher.awaitOverlays(expected, Duration.ofMinutes(3)),
          "overlays so far: " + watcher.overlaid().values().stream().map(List::size).toList());
      watcher.poll(Duration.ofSeconds(2)); // duplicates, if any, would arrive here

      List<Long> all = LongStream.range(0, FRAMES).boxed().toList();
      List<String> figures = new ArrayList<>();
      for (String camera : cameras) {
        // exactly once, in order, across the hand-over
        assertEquals(all, watcher.explained().get(camera), camera + ": explanations and skips");
        assertEquals(all, watcher.overlaid().get(camera), camera + ": overlays");
        List<OutputWatcher.Drawn> after =
            watcher.drawn().get(camera).stream()
                .filter(d -> d.captureTimestampMs() >= stoppedAt)
                .toList();
        long explainedAfter = after.stream().filter(d -> !d.skipped()).count();
        long maxAge =
            after.stream().mapToLong(OutputWatcher.Drawn::explanationAgeMs).max().orElse(-1);
        String figure =
            String.format(
                "%s: %d frames after the stop, %d explained, explanation age max %d ms",
                camera, after.size(), explainedAfter, maxAge);
        figures.add(figure);
        assertTrue(after.size() > FRAMES / 2, figure);
        assertTrue(explainedAfter > after.size() / 2, figure);
        assertTrue(maxAge <= AGE_BOUND_MS, figure);
      }
      System.out.println("hand-over: " + figures);
      assertTrue(watcher.deadLetters().isEmpty(), "dead letters: " + watcher.deadLetters());
    }
  }

  /**
   * With no processor at all, a live camera's overlays keep coming: once a frame has waited {@code
   * overlay.explanation.wait.ms} (2 s) for its explanation, the sink draws it with the camera's
   * latest one. Without that, the frames after the stop would get no overlay until a processor came
   * back.
   */
  @Test
  void aLiveCameraKeepsItsOverlaysWhileNoProcessorRuns(@TempDir Path out) throws Exception {
    int frames = 12 * DemoVideo.FPS;
    Path video = out.resolve("live.mp4");
    DemoVideo.generate(video, out.resolve("live.json"), 8, frames);
    KAFKA.createTopics(1, LocalPipeline.TOPICS);
    Map<String, String> processor =
        Map.of(ProcessorConfig.MODEL_SPEC, ROOT.resolve("models/demo-shapes/spec.json").toString());
    try (LocalPipeline pipeline =
            LocalPipeline.start(
                KAFKA.bootstrapServers(), out, processor, Map.of(), ExplainMetrics.NONE);
        OutputWatcher watcher = OutputWatcher.forDefaultTopics(KAFKA.bootstrapServers(), e -> {})) {
      pipeline.startIngest("live", video.toString(), Map.of("pacing", "realtime"));
      Thread.sleep(STOP_AFTER.toMillis());
      long stoppedAt = System.currentTimeMillis();
      pipeline.processor().stop();
      assertTrue(
          watcher.awaitOverlays(Map.of("live", frames), Duration.ofMinutes(2)),
          "overlays so far: " + watcher.overlaid().getOrDefault("live", List.of()).size());
      watcher.poll(Duration.ofSeconds(2)); // duplicates, if any, would arrive here
      assertEquals(
          LongStream.range(0, frames).boxed().toList(),
          watcher.overlaid().get("live"),
          "one overlay per frame, in order");
      List<OutputWatcher.Drawn> drawn = watcher.drawn().get("live");
      long lastExplained =
          drawn.stream()
              .filter(d -> !d.skipped())
              .mapToLong(OutputWatcher.Drawn::sequence)
              .max()
              .orElse(-1);
      List<OutputWatcher.Drawn> after =
          drawn.stream().filter(d -> d.captureTimestampMs() > stoppedAt + 1_000).toList();
      long maxLatency = after.stream().mapToLong(OutputWatcher.Drawn::latencyMs).max().orElse(-1);
      String figure =
          String.format(
              "%d frames captured over 1 s after the stop, last explained #%d, latency max %d ms",
              after.size(), lastExplained, maxLatency);
      System.out.println("no processor: " + figure);
      assertTrue(after.size() > frames / 3, figure);
      for (OutputWatcher.Drawn d : after) {
        assertTrue(d.skipped(), "drawn without its own explanation: " + d);
        assertTrue(d.overdue(), "marked as not answered, not as the processor's skip: " + d);
        assertEquals(lastExplained, d.explanationSequence(), "the camera's latest: " + d);
      }
      // the wait (2 s), a wall-clock punctuation (250 ms), and the sink's commit, on a loaded
      // machine; the frames would otherwise wait for a processor to come back
      assertTrue(maxLatency < 6_000, figure);
      assertTrue(watcher.deadLetters().isEmpty(), "dead letters: " + watcher.deadLetters());
      assertTrue(
          drawn.stream()
              .filter(d -> d.captureTimestampMs() < stoppedAt - 3_000)
              .noneMatch(OutputWatcher.Drawn::overdue),
          "no frame is overdue while the processor runs");
    }
  }

  /** A camera id the producer's default partitioner puts on {@code partition}. */
  static String cameraOn(int partition) {
    for (int i = 0; ; i++) {
      String camera = "cam-" + i;
      byte[] key = camera.getBytes(StandardCharsets.UTF_8);
      if (WindowReader.partitionFor(key, PARTITIONS) == partition) {
        return camera;
      }
    }
  }

  static void await(BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, () -> "timed out waiting for " + what.get());
      Thread.sleep(50);
    }
  }
}
