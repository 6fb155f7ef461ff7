package dev.decomcam.ops.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
        List.of());
  }

  @Test
  void skippedOverlaysAndTheExplanationAgeAreInTheSummary() {
    JsonObject json = JsonParser.parseString(report().toJson()).getAsJsonObject();
    assertEquals(37, json.get("skipped").getAsLong());
    assertEquals(12, json.get("overlays_reduced").getAsLong());
    assertEquals(3, json.get("overlays_undrawn").getAsLong());
    assertEquals(360, json.get("explanation_age_p99_ms").getAsDouble());
    assertEquals(6.3, json.get("explained_fps").getAsDouble(), 1e-9, "100 - 37 over 10 s");

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    report().print(new PrintStream(out, true, StandardCharsets.UTF_8));
    String text = out.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("skipped              37"), text);
    assertTrue(text.contains("explanation age p99 360 ms"), text);
  }
}
