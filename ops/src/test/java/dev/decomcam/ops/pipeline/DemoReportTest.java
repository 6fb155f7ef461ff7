package dev.decomcam.ops.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoReportTest {

  private static DemoReport report() {
    return new DemoReport(
        100,
        100,
        100,
        37,
        5,
        12,
        3,
        0,
        true,
        10,
        120,
        480,
        360,
        Map.of("render", 2.0),
        0,
        0,
        Map.of(),
        0,
        true,
        0,
        0,
        0,
        List.of(),
        Map.of("processor", 2.0, "sink", 1.0, "jit", 0.5),
        Arrays.asList(900.0, Double.NaN, 130.0));
  }

  @Test
  void skippedOverlaysAndTheExplanationAgeAreInTheSummary() {
    JsonObject json = JsonParser.parseString(report().toJson()).getAsJsonObject();
    assertEquals(37, json.get("skipped").getAsLong());
    assertEquals(5, json.get("overdue").getAsLong());
    assertEquals(12, json.get("overlays_reduced").getAsLong());
    assertEquals(3, json.get("overlays_undrawn").getAsLong());
    assertEquals(360, json.get("explanation_age_p99_ms").getAsDouble());
    assertEquals(
        6.8, json.get("explained_fps").getAsDouble(), 1e-9, "100 - (37 - 5 overdue) over 10 s");

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    report().print(new PrintStream(out, true, StandardCharsets.UTF_8));
    String text = out.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("skipped              37"), text);
    assertTrue(text.contains("processor silent     5 of them"), text);
    assertTrue(text.contains("explanation age p99 360 ms"), text);
    assertTrue(text.contains("processor 20.00  sink 10.00  ingest 0.00"), text);
  }

  @Test
  void latencyP99PerTenSecondsIsPrintedAndInTheSummaryWithGapsAsNull() {
    JsonObject json = JsonParser.parseString(report().toJson()).getAsJsonObject();
    var windows = json.get("latency_p99_by_10s_ms").getAsJsonArray();
    assertEquals(3, windows.size());
    assertEquals(900, windows.get(0).getAsDouble());
    assertTrue(windows.get(1).isJsonNull(), windows.toString());
    assertEquals(130, windows.get(2).getAsDouble());

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    report().print(new PrintStream(out, true, StandardCharsets.UTF_8));
    String text = out.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("latency p99 per 10 s   900 - 130 ms"), text);
  }

  @Test
  void cpuTimeIsPerFrameInByPart() {
    JsonObject cpu =
        JsonParser.parseString(report().toJson())
            .getAsJsonObject()
            .getAsJsonObject("cpu_ms_per_frame");
    assertEquals(20.0, cpu.get("processor").getAsDouble(), 1e-9, "2 s over 100 frames");
    assertEquals(10.0, cpu.get("sink").getAsDouble(), 1e-9);
    assertEquals(5.0, cpu.get("jit").getAsDouble(), 1e-9);
    assertEquals(0.0, cpu.get("broker").getAsDouble(), 1e-9);
    assertEquals(35.0, cpu.get("total").getAsDouble(), 1e-9);
    assertEquals(
        0.35,
        JsonParser.parseString(report().toJson()).getAsJsonObject().get("cpu_cores").getAsDouble(),
        1e-9,
        "3.5 s of CPU in 10 s");
  }
}
