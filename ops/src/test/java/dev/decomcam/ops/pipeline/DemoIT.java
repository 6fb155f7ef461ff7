package dev.decomcam.ops.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.decomcam.processor.topology.ExplainMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code ./decomcam demo} as the README runs it (same {@link DemoRun}, same defaults): the whole
 * demo video through the pipeline on the bundled model. Checks the acceptance points: every
 * frame explained once and in order, an overlay MP4 with every frame, and the saliency peak inside
 * the target's ground-truth box on at least 90% of frames.
 */
class DemoIT {
  static final Path ROOT = Path.of(System.getProperty("decomcam.root", ".."));

  /**
   * Full (the published per-frame algorithm) and streaming (the default) must both find the shapes.
   */
  @ParameterizedTest
  @ValueSource(strings = {"full", "streaming"})
  void demoExplainsEveryFrameAndFindsTheShapes(String mode, @TempDir Path out) throws Exception {
    int frames = 250;
    DemoReport r =
        DemoRun.run(
            new DemoRun.Options(
                out,
                frames,
                1,
                2,
                "fast",
                7,
                List.of(),
                Map.of(
                    "model.spec",
                    ROOT.resolve("models/demo-shapes/spec.json").toString(),
                    "mode",
                    mode),
                Map.of(),
                Duration.ofMinutes(8)),
            ExplainMetrics.NONE);
    r.print(System.out);
    assertTrue(r.complete());
    assertTrue(r.exactlyOnceInOrder());
    assertEquals(frames, r.framesIn());
    assertEquals(frames, r.explanations());
    assertEquals(frames, r.overlays());
    assertEquals(0, r.deadLetters());
    assertEquals(frames, r.recordings().get("demo-0").getValue(), "frames in the overlay MP4");
    JsonObject summary =
        JsonParser.parseString(Files.readString(out.resolve(DemoRun.SUMMARY))).getAsJsonObject();
    assertEquals(frames, summary.get("frames_in").getAsLong());
    assertEquals(frames, summary.get("overlays_out").getAsLong());
    assertTrue(summary.get("exactly_once_in_order").getAsBoolean());
    assertTrue(
        summary.getAsJsonObject("stages_ms").get("render").getAsDouble() > 0,
        "render time in summary.json");
    // batching is off by default, so the decisions do not depend on how loaded the machine is
    assertTrue(
        r.peakInBoxRate() >= 0.90,
        mode
            + ": saliency peak in the ground-truth box on "
            + r.peakInBox()
            + " of "
            + r.peakChecked()
            + " frames");
  }

  /** {@code --video}: the cameras cycle over real recordings, at most --frames frames each. */
  @Test
  void demoRunsOnRecordings(@TempDir Path out) throws Exception {
    Path shared = ROOT.resolve("../shared/media/video").normalize();
    Path pan = shared.resolve("eagle_pan.mp4");
    Path street = shared.resolve("vtest.avi");
    assumeTrue(
        Files.isRegularFile(pan) && Files.isRegularFile(street),
        "../shared/media/video absent: demo on recordings skipped");
    int frames = 40;
    DemoReport r =
        DemoRun.run(
            new DemoRun.Options(
                out,
                frames,
                3,
                2,
                "fast",
                7,
                List.of(pan, street),
                Map.of("model.spec", ROOT.resolve("models/demo-shapes/spec.json").toString()),
                Map.of(),
                Duration.ofMinutes(8)),
            ExplainMetrics.NONE);
    r.print(System.out);
    assertTrue(r.complete());
    assertTrue(r.exactlyOnceInOrder());
    assertEquals(3L * frames, r.framesIn(), "three cameras, 40 frames each");
    assertEquals(3L * frames, r.overlays());
    assertEquals(0, r.peakChecked(), "no ground truth for recordings");
    JsonObject summary =
        JsonParser.parseString(Files.readString(out.resolve(DemoRun.SUMMARY))).getAsJsonObject();
    assertFalse(summary.has("peak_in_box"), "the ground-truth figure is omitted");
    assertEquals(3L * frames, summary.get("explanations_out").getAsLong());
  }
}
