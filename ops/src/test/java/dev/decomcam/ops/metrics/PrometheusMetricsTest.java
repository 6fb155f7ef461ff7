package dev.decomcam.ops.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The processor's metrics as Prometheus scrapes them, over HTTP on the loopback interface. */
class PrometheusMetricsTest {

  @Test
  void servesExplainStreamingAndDeadLetterMetrics() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (PrometheusMetrics m = new PrometheusMetrics().serve(port)) {
      m.explained("cam-1", 0.05, 120);
      m.explained("cam-1", 0.07, 130);
      m.streamed("cam-1", 4, 0, 0, true);
      m.streamed("cam-1", 0, 0, 2, false);
      m.deadLettered("broken jpeg");
      m.skipped("cam-1", 734);
      m.skipped("cam-1", 701);
      m.skipped("cam-2", 400);
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode());
      String body = r.body();
      assertTrue(body.contains("decomcam_explain_seconds_count{camera=\"cam-1\"} 2"), body);
      assertTrue(
          body.contains("decomcam_masked_forwards_total{camera=\"cam-1\",cause=\"reset\"} 4.0"),
          body);
      assertTrue(
          body.contains("decomcam_masked_forwards_total{camera=\"cam-1\",cause=\"refresh\"} 2.0"),
          body);
      assertTrue(body.contains("decomcam_component_resets_total{camera=\"cam-1\"} 1.0"), body);
      assertTrue(body.contains("decomcam_dead_letters_total{stage=\"explain\"} 1.0"), body);
      assertTrue(body.contains("decomcam_frames_explained_total{camera=\"cam-1\"} 2.0"), body);
      assertTrue(body.contains("decomcam_frames_skipped_total{camera=\"cam-1\"} 2.0"), body);
      assertTrue(body.contains("decomcam_frames_skipped_total{camera=\"cam-2\"} 1.0"), body);
      assertTrue(body.contains("jvm_memory"), "JVM metrics too");
    }
  }

  @Test
  void theGrafanaDashboardQueriesOnlyMetricsTheProcessorExposes() throws Exception {
    Path file =
        Path.of(System.getProperty("decomcam.root", ".."))
            .resolve("ops/config/grafana-dashboard.json");
    JsonObject dash = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    String exposed;
    try (PrometheusMetrics m = new PrometheusMetrics()) {
      m.explained("c", 0.01, 1);
      m.streamed("c", 1, 1, 1, true);
      m.deadLettered("x");
      m.skipped("c", 500);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      new PrometheusTextFormatWriter(false).write(out, m.registry().scrape());
      exposed = out.toString(StandardCharsets.UTF_8);
    }
    Pattern metric = Pattern.compile("decomcam_[a-z_]+");
    int queries = 0;
    for (JsonElement p : dash.getAsJsonArray("panels")) {
      for (JsonElement t : p.getAsJsonObject().getAsJsonArray("targets")) {
        String expr = t.getAsJsonObject().get("expr").getAsString();
        Matcher mm = metric.matcher(expr);
        while (mm.find()) {
          String series = mm.group();
          assertTrue(
              exposed.contains(series),
              "panel '"
                  + p.getAsJsonObject().get("title").getAsString()
                  + "' queries "
                  + series
                  + ", which the processor does not expose");
          queries++;
        }
      }
    }
    assertTrue(queries >= 6, "the dashboard queries the processor's metrics: " + queries);
  }
}
