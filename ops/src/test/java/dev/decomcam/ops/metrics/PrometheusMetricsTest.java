package dev.decomcam.ops.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
}
