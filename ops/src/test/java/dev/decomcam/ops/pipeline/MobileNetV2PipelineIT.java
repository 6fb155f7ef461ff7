package dev.decomcam.ops.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.decomcam.ingest.IngestService;
import dev.decomcam.ops.kafka.EmbeddedKafka;
import dev.decomcam.processor.topology.ExplainMetrics;
import dev.decomcam.schemas.Explanation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real ImageNet MobileNetV2 from ../shared through the whole pipeline on a real broker, on both
 * engines: a slow pan over the eagle photo must be explained frame by frame, in order, as "bald
 * eagle", with overlays for every frame.
 */
class MobileNetV2PipelineIT {
  static final Path ROOT = Path.of(System.getProperty("decomcam.root", ".."));
  static final Path SHARED = ROOT.resolve("../shared");
  static EmbeddedKafka kafka;

  @BeforeAll
  static void broker() {
    assumeTrue(
        Files.isDirectory(SHARED.resolve("models/mobilenetv2-imagenet")), "../shared not present");
    kafka = EmbeddedKafka.start(null, Map.of());
    kafka.createTopics(2, LocalPipeline.TOPICS);
  }

  @AfterAll
  static void stop() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"PyTorch", "OnnxRuntime"})
  void eaglePanIsExplainedFrameByFrame(String engine, @TempDir Path work) throws Exception {
    String camera = "eagle-" + engine;
    int frames = 8;
    List<Explanation> seen = new ArrayList<>();
    try (LocalPipeline pipeline =
            LocalPipeline.start(
                kafka.bootstrapServers(),
                work,
                Map.of(
                    "model.spec",
                    ROOT.resolve("models/mobilenetv2-imagenet.spec.json").toString(),
                    "model.engine",
                    engine,
                    "application.id",
                    "explain-" + engine),
                Map.of("application.id", "sink-" + engine),
                ExplainMetrics.NONE);
        OutputWatcher out =
            OutputWatcher.forDefaultTopics(
                kafka.bootstrapServers(),
                e -> {
                  if (e.getCameraId().equals(camera)) {
                    seen.add(e);
                  }
                })) {
      IngestService ingest =
          pipeline.startIngest(
              camera,
              SHARED.resolve("media/video/eagle_pan.mp4").toString(),
              Map.of(
                  "pacing", "fast", "sample.every", "25", "max.frames", Integer.toString(frames)));
      assertTrue(ingest.awaitTermination(Duration.ofMinutes(1)));
      assertEquals(frames, ingest.stats().framesAcknowledged());

      assertTrue(
          out.awaitOverlays(Map.of(camera, frames), Duration.ofMinutes(4)),
          "overlays: " + out.overlaid());
      out.poll(Duration.ofSeconds(1)); // anything extra would show up as a duplicate

      List<Long> expected = LongStream.range(0, frames).boxed().toList();
      assertEquals(expected, out.explained().get(camera), "one explanation per frame, in order");
      assertEquals(expected, out.overlaid().get(camera), "one overlay per frame, in order");
      assertTrue(out.deadLetters().isEmpty(), "no dead letters");
      // the pan zooms past the photo's centre crop; ImageNet's "kite" (21) is the raptor next to
      // "bald eagle" (22)
      long raptors =
          seen.stream()
              .filter(e -> e.getPredictedIndex() == 21 || e.getPredictedIndex() == 22)
              .count();
      assertEquals(
          frames,
          raptors,
          "a bird of prey on every frame: "
              + seen.stream()
                  .map(e -> e.getPredictedLabel() + " " + e.getPredictedScore())
                  .toList());
      assertTrue(
          seen.stream().allMatch(e -> e.getComponents().size() == 10 && e.getModelId() != null));
    }
  }
}
