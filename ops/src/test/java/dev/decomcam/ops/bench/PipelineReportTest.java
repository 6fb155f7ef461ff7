package dev.decomcam.ops.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.decomcam.ops.pipeline.OutputWatcher.Drawn;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineReportTest {

  private static Drawn overlay(long captureMs, long latencyMs) {
    return new Drawn(0, false, false, 0, 0, 0, latencyMs, captureMs);
  }

  @Test
  void steadyRateLeavesOutTheWarmUpOverlaysAndTheLastAndSortsByRenderTime() {
    List<Drawn> drawn = new ArrayList<>();
    // rendered at 0, 100, ..., 900 ms (capture + latency), arriving out of order
    for (int i = 9; i >= 0; i--) {
      drawn.add(overlay(1000 + i * 100L - 50, 50));
    }
    // 6 overlays after the 3rd up to the last but one, rendered over 600 ms
    assertEquals(10.0, PipelineFigures.steadyFps(drawn, 3), 1e-9);
    assertEquals(Double.NaN, PipelineFigures.steadyFps(drawn.subList(0, 4), 3));
    assertEquals(10.0, PipelineFigures.steadyFps(drawn.subList(0, 5), 3), 1e-9);
    // the last overlay, a recording's last explanation drawn after the join's wait, is left out
    drawn.add(overlay(1000 + 1900, 50)); // rendered at 2950 ms, a second after the one before
    assertEquals(10.0, PipelineFigures.steadyFps(drawn, 3), 1e-9);
    drawn.add(overlay(1000 + 2000, 50)); // a slow stretch before the last overlay counts
    assertEquals(8 * 1000.0 / 1750, PipelineFigures.steadyFps(drawn, 3), 1e-9);
    assertThrows(IllegalArgumentException.class, () -> PipelineFigures.steadyFps(drawn, 0));
  }

  @Test
  void outputRatePerWindowCountsWholeWindowsOfRenderTime() {
    List<Drawn> drawn = new ArrayList<>();
    // 25 fps for 10 s, then 50 fps for 10 s, then 3 overlays of a partial window
    for (long t = 0; t < 10_000; t += 40) {
      drawn.add(overlay(t, 100));
    }
    for (long t = 10_000; t < 20_000; t += 20) {
      drawn.add(overlay(t, 100));
    }
    for (long t = 20_000; t < 20_060; t += 20) {
      drawn.add(overlay(t, 100));
    }
    assertEquals(List.of(25.0, 50.0), PipelineFigures.fpsByWindow(drawn));
    assertEquals(List.of(), PipelineFigures.fpsByWindow(List.of()));
  }

  @Test
  void latencyWindowsAreTheFirstAndLastTenSecondsOfCaptureTime() {
    List<Drawn> drawn = new ArrayList<>();
    for (long t = 0; t < 30_000; t += 40) {
      drawn.add(overlay(5_000 + t, t < 10_000 ? 100 : t > 20_000 ? 500 : 9_000));
    }
    assertEquals(100, PipelineFigures.latencyP99(drawn, true));
    assertEquals(500, PipelineFigures.latencyP99(drawn, false));
    assertEquals(Double.NaN, PipelineFigures.latencyP99(List.of(), true));
    assertEquals(29.96, PipelineFigures.captureSeconds(drawn), 1e-9);
  }

  private static PipelineReport report() {
    ExplainerBench.Result explainer =
        new ExplainerBench.Result(97, 4.85, Map.of("explain", 50.0, "forward", 20.0), 200);
    PipelineFigures fast =
        new PipelineFigures(
            100,
            100,
            0,
            0,
            0,
            100,
            6,
            4,
            16,
            300,
            600,
            600,
            600,
            List.of(600.0),
            List.of(12.0, 16.0),
            0,
            true,
            Map.of("render", 3.0),
            Map.of("processor", 9.0, "sink", 3.5, "total", 12.5));
    PipelineFigures realtime =
        new PipelineFigures(
            3000,
            2990,
            2400,
            0,
            0,
            600,
            70,
            60,
            12,
            900,
            1500,
            1400,
            1450,
            List.of(1400.0, 1300.0, 1450.0),
            List.of(10.0, 10.0, 10.0),
            1200,
            true,
            Map.of("explain", 70.0, "render", 4.0),
            Map.of("processor", 8.0, "sink", 4.0, "total", 12.0));
    return new PipelineReport(
        "spec.json", "v.mp4", 3, explainer, fast, 2, 60, realtime, "./decomcam bench --pipeline");
  }

  @Test
  void jsonHasTheRatiosAndTheRealtimeFigures() {
    JsonObject j = JsonParser.parseString(report().toJson()).getAsJsonObject();
    assertEquals(20.0, j.get("explainer_fps").getAsDouble(), 1e-9, "97 frames in 4.85 s");
    assertEquals(16.0, j.get("pipeline_fps").getAsDouble(), 1e-9);
    assertEquals(0.8, j.get("efficiency").getAsDouble(), 1e-9, "16 / 20");
    assertEquals(100 / 6.0, j.get("pipeline_fps_with_start").getAsDouble(), 1e-9);
    assertEquals(2, j.get("realtime_cameras").getAsInt());
    assertEquals(
        50.0, j.get("realtime_offered_fps").getAsDouble(), 1e-9, "3000 frames published in 60 s");
    assertEquals(10.0, j.get("realtime_explained_fps").getAsDouble(), 1e-9, "600 in 60 s");
    assertEquals(70.0, j.get("realtime_run_seconds").getAsDouble(), 1e-9);
    assertEquals(10 / 16.0, j.get("realtime_fraction_of_fast").getAsDouble(), 1e-9);
    assertEquals(2400, j.get("realtime_skipped").getAsLong());
    assertEquals(1500, j.get("realtime_latency_p99_ms").getAsDouble());
    assertEquals(1400, j.get("realtime_latency_p99_first10s_ms").getAsDouble());
    assertEquals(1450, j.get("realtime_latency_p99_last10s_ms").getAsDouble());
    assertEquals(1200, j.get("realtime_age_p99_ms").getAsDouble());
    assertEquals(10, j.get("realtime_overlays_missing").getAsLong(), "3000 in, 2990 out");
    assertEquals(200, j.get("explainer_clip_frames").getAsInt());
    assertEquals(50.0, j.getAsJsonObject("explainer_stages_ms").get("explain").getAsDouble());
    assertEquals(3.0, j.getAsJsonObject("pipeline_stages_ms").get("render").getAsDouble());
    assertEquals(70.0, j.getAsJsonObject("realtime_stages_ms").get("explain").getAsDouble());
    assertEquals(
        9.0, j.getAsJsonObject("pipeline_cpu_ms_per_frame").get("processor").getAsDouble());
    assertEquals(4.0, j.getAsJsonObject("realtime_cpu_ms_per_frame").get("sink").getAsDouble());
  }

  @Test
  void tablePrintsEachPartAndTheStages() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    report().print(new PrintStream(buf, true, StandardCharsets.UTF_8));
    String text = buf.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("(a) explainer alone, 1 thread      20.0 fps"), text);
    assertTrue(text.contains("(97 frames: a clip of 200 in memory looped as (b)"), text);
    assertTrue(text.contains("(b) pipeline, fast, 1 camera       16.0 fps"), text);
    assertTrue(text.contains("efficiency (b)/(a)             0.80"), text);
    assertTrue(
        text.contains("offered 50.0 fps, explained 10.0 fps (0.63 of (b)), skipped 2400"), text);
    assertTrue(text.contains("(first 10 s 1400, last 10 s 1450)"), text);
    assertTrue(text.matches("(?s).*render\\s+-\\s+3\\.00\\s+4\\.00.*"), text);
    assertTrue(text.matches("(?s).*CPU ms per frame.*sink\\s+3\\.50\\s+4\\.00.*"), text);
  }

  @Test
  void scaleOutFiguresStandBesideOneInstances() {
    PipelineReport one = report();
    PipelineFigures two =
        new PipelineFigures(
            3000,
            3000,
            2460,
            0,
            0,
            540,
            65,
            60,
            11,
            950,
            1800,
            1700,
            1750,
            List.of(1700.0),
            List.of(10.0),
            1300,
            true,
            Map.of(),
            Map.of());
    PipelineReport r =
        new PipelineReport(
            one.model(),
            one.video(),
            one.warmUp(),
            one.explainer(),
            one.fast(),
            one.cameras(),
            one.seconds(),
            one.realtime(),
            2,
            two,
            one.command());
    JsonObject j = JsonParser.parseString(r.toJson()).getAsJsonObject();
    assertEquals(2, j.get("scale_out_instances").getAsInt());
    assertEquals(10.0, j.get("scale_out_one_instance_explained_fps").getAsDouble(), 1e-9);
    assertEquals(9.0, j.get("scale_out_explained_fps").getAsDouble(), 1e-9, "540 in 60 s");
    assertEquals(50.0, j.get("scale_out_overlay_fps").getAsDouble(), 1e-9, "3000 in 60 s");
    assertEquals(0.9, j.get("scale_out_speed_up").getAsDouble(), 1e-9);
    assertEquals(1800, j.get("scale_out_latency_p99_ms").getAsDouble());
    assertTrue(!JsonParser.parseString(one.toJson()).getAsJsonObject().has("scale_out_instances"));
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    r.print(new PrintStream(buf, true, StandardCharsets.UTF_8));
    String text = buf.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("(d) scale-out, (c) on 2 processor instances"), text);
    assertTrue(text.contains("explained 9.0 fps (0.90x one instance's 10.0)"), text);
  }

  @Test
  void anExplainerResultWithoutTimedFramesIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new ExplainerBench.Result(0, 0, Map.of(), 1));
    assertTrue(e.getMessage().contains("time at least one frame"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> new ExplainerBench.Result(5, 1, Map.of(), 0));
  }
}
