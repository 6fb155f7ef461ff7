package dev.decomcam.ops.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.decomcam.processor.topology.ExplainMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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
}
