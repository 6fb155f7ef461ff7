package dev.decomcam.ops.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Ingest's outage metrics as Prometheus scrapes them, over HTTP on the loopback interface. */
class IngestPrometheusMetricsTest {

  @Test
  void anOutageShowsInTheConnectedGaugeAndTheCounters() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (IngestPrometheusMetrics m = new IngestPrometheusMetrics().serve(port)) {
      m.connected("door", true);
      m.published("door");
      m.connected("door", false);
      m.outageStarted("door", "end of stream");
      String during = scrape(port);
      assertTrue(during.contains("decomcam_ingest_source_connected{camera=\"door\"} 0.0"), during);
      assertTrue(during.contains("decomcam_ingest_outages_total{camera=\"door\"} 1.0"), during);
      assertTrue(during.contains("decomcam_ingest_reconnects_total{camera=\"door\"} 0.0"), during);
      m.reconnectFailed("door", "connection refused");
      m.reconnectFailed("door", "connection refused");
      m.connected("door", true);
      m.reconnected("door", 5_250, 3);
      m.published("door");
      String after = scrape(port);
      assertTrue(after.contains("decomcam_ingest_source_connected{camera=\"door\"} 1.0"), after);
      assertTrue(after.contains("decomcam_ingest_reconnects_total{camera=\"door\"} 1.0"), after);
      assertTrue(
          after.contains("decomcam_ingest_reconnect_failures_total{camera=\"door\"} 2.0"), after);
      assertTrue(
          after.contains("decomcam_ingest_outage_seconds_total{camera=\"door\"} 5.25"), after);
      assertTrue(
          after.contains("decomcam_ingest_frames_published_total{camera=\"door\"} 2.0"), after);
    }
  }

  private static String scrape(int port) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    return r.body();
  }
}
