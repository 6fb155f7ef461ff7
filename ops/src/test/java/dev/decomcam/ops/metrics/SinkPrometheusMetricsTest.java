package dev.decomcam.ops.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

/** The sink's metrics and the Streams consumer lag as Prometheus scrapes them. */
class SinkPrometheusMetricsTest {

  @Test
  void servesOverlaysLatencyAgeRenderTimeDeadLettersAndLag() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Map<MetricName, Metric> client = new LinkedHashMap<>();
    put(client, "records-lag", "frames", "0", 12);
    put(client, "records-lag", "frames", "1", 3);
    put(client, "records-lag", "explanations", "0", Double.NaN); // not fetched yet
    put(client, "records-lag-max", "frames", "0", 99); // not a per-partition lag
    try (SinkPrometheusMetrics m =
        new SinkPrometheusMetrics().lagOf("decomcam-sink", () -> client).serve(port)) {
      m.overlay("cam-1", false, 400, 0, 5.0);
      m.overlay("cam-1", true, 900, 300, 6.0);
      m.overlay("cam-1", true, 2600, 2200, 4.0);
      m.overdue("cam-1");
      m.deadLettered("explanation");
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode());
      String body = r.body();
      assertTrue(body.contains("decomcam_overlays_total{camera=\"cam-1\"} 3.0"), body);
      assertTrue(body.contains("decomcam_overlays_skipped_total{camera=\"cam-1\"} 2.0"), body);
      assertTrue(body.contains("decomcam_overlays_overdue_total{camera=\"cam-1\"} 1.0"), body);
      assertTrue(body.contains("decomcam_overlay_latency_seconds_count{camera=\"cam-1\"} 3"));
      assertTrue(body.contains("decomcam_overlay_latency_seconds_sum{camera=\"cam-1\"} 3.9"));
      assertTrue(body.contains("decomcam_explanation_age_seconds_sum{camera=\"cam-1\"} 2.5"));
      assertTrue(body.contains("decomcam_render_seconds_count{camera=\"cam-1\"} 3"));
      assertTrue(body.contains("decomcam_dead_letters_total{stage=\"explanation\"} 1.0"));
      assertTrue(
          body.contains(
              "decomcam_consumer_lag_records{app=\"decomcam-sink\",partition=\"0\",topic=\"frames\"}"
                  + " 12.0"),
          body);
      assertTrue(
          body.contains(
              "decomcam_consumer_lag_records{app=\"decomcam-sink\",partition=\"1\",topic=\"frames\"}"
                  + " 3.0"),
          body);
      assertFalse(body.contains("topic=\"explanations\""), "unknown lag left out");
      assertFalse(body.contains(" 99.0"), "records-lag-max is not a partition's lag");
      assertTrue(body.contains("jvm_memory"), "JVM metrics too");
    }
  }

  @Test
  void theProcessorsLagTakesTheLargerOfTwoClientsOnOnePartition() {
    Map<MetricName, Metric> a = new LinkedHashMap<>();
    Map<MetricName, Metric> b = new LinkedHashMap<>();
    put(a, "records-lag", "frames", "0", 5);
    put(b, "records-lag", "frames", "0", 8);
    try (PrometheusMetrics m = new PrometheusMetrics()) {
      m.lagOf("decomcam-explain", () -> a).lagOf("decomcam-explain", () -> b);
      String text = Scrapes.text(m.registry());
      assertTrue(
          text.contains(
              "decomcam_consumer_lag_records{app=\"decomcam-explain\",partition=\"0\","
                  + "topic=\"frames\"} 8.0"),
          text);
    }
  }

  private static void put(
      Map<MetricName, Metric> metrics, String name, String topic, String partition, double value) {
    MetricName n =
        new MetricName(
            name,
            "consumer-fetch-manager-metrics",
            "",
            Map.of("client-id", "c", "topic", topic, "partition", partition));
    metrics.put(
        n,
        new Metric() {
          @Override
          public MetricName metricName() {
            return n;
          }

          @Override
          public Object metricValue() {
            return value;
          }
        });
  }
}
