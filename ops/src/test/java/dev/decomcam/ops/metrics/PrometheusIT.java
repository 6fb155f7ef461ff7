package dev.decomcam.ops.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.decomcam.ops.pipeline.DemoReport;
import dev.decomcam.ops.pipeline.DemoRun;
import dev.decomcam.ops.pipeline.PipelineMetrics;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus server (Debian's {@code /usr/bin/prometheus}) scrapes every service of a
 * running pipeline (embedded broker, bundled model, the demo in real time with 2 cameras), and its
 * query API answers with data: every job up, an end-to-end latency quantile, explained and skipped
 * counters and consumer lag. Skipped, saying so, where Prometheus is not installed.
 */
class PrometheusIT {
  static final Path ROOT = Path.of(System.getProperty("decomcam.root", ".."));
  static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  static final List<String> JOBS =
      List.of("decomcam-explain-processor", "decomcam-ingest", "decomcam-sink");
  static final String LATENCY_P99 =
      "histogram_quantile(0.99, sum by (le) (rate(decomcam_overlay_latency_seconds_bucket[30s])))";

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void prometheusScrapesEveryServiceAndAnswersTheLatencyQuery(@TempDir Path dir) throws Exception {
    assumeTrue(
        Files.isExecutable(PROMETHEUS),
        "PrometheusIT skipped: /usr/bin/prometheus absent (apt-get install prometheus)");
    int base = freeBase();
    int promPort = freePort();
    Path config = dir.resolve("prometheus.yml");
    StringBuilder yml =
        new StringBuilder("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n");
    yml.append("scrape_configs:\n");
    for (int i = 0; i < JOBS.size(); i++) {
      yml.append("  - job_name: ")
          .append(JOBS.get(i))
          .append("\n    static_configs:\n      - targets: [\"127.0.0.1:")
          .append(base + i)
          .append("\"]\n");
    }
    Files.writeString(config, yml);
    Process prometheus =
        new ProcessBuilder(
                PROMETHEUS.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + promPort)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
    CompletableFuture<DemoReport> demo = null;
    try (PrometheusMetrics processor = new PrometheusMetrics().serve(base);
        IngestPrometheusMetrics ingest = new IngestPrometheusMetrics().serve(base + 1);
        SinkPrometheusMetrics sink = new SinkPrometheusMetrics().serve(base + 2)) {
      PipelineMetrics metrics =
          new PipelineMetrics(
              processor,
              ingest,
              sink,
              p -> {
                processor.lagOf(p.processorApplicationId(), p::processorStreamsMetrics);
                sink.lagOf(p.sinkApplicationId(), p::sinkStreamsMetrics);
              });
      DemoRun.Options options =
          new DemoRun.Options(
              dir.resolve("demo"),
              300, // 12 s of the 25 fps demo video per camera, in real time
              2,
              2,
              "realtime",
              7,
              List.of(),
              Map.of("model.spec", ROOT.resolve("models/demo-shapes/spec.json").toString()),
              Map.of(),
              Duration.ofSeconds(45));
      demo =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return DemoRun.run(options, metrics);
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  throw new IllegalStateException(e);
                }
              });
      String api = "http://127.0.0.1:" + promPort + "/api/v1/query?query=";
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      Map<String, String> up = Map.of();
      double p99 = Double.NaN;
      while (System.nanoTime() < deadline && !(up.size() == 3 && p99 > 0)) {
        Thread.sleep(1000);
        up = byLabel(query(api, "up"), "job");
        JsonArray latency = query(api, LATENCY_P99);
        p99 = latency.isEmpty() ? Double.NaN : value(latency.get(0));
      }
      assertEquals(
          Map.of(JOBS.get(0), "1", JOBS.get(1), "1", JOBS.get(2), "1"),
          up,
          "every service scraped and up");
      assertTrue(
          Double.isFinite(p99) && p99 > 0,
          "end-to-end latency p99 " + p99 + " s from " + LATENCY_P99);
      System.out.printf("PrometheusIT: capture to committed overlay p99 %.3f s%n", p99);
      for (String series :
          List.of(
              "decomcam_frames_explained_total",
              "decomcam_overlays_total",
              "decomcam_overlays_skipped_total",
              "decomcam_ingest_frames_published_total",
              "decomcam_consumer_lag_records")) {
        JsonArray r = query(api, series);
        assertTrue(!r.isEmpty(), series + " has data in Prometheus");
      }
      Map<String, String> lagApps =
          byLabel(query(api, "max by (app) (decomcam_consumer_lag_records)"), "app");
      assertEquals(2, lagApps.size(), "the processor's and the sink's lag: " + lagApps);
      Map<String, String> cameras =
          byLabel(query(api, "sum by (camera) (decomcam_overlays_total)"), "camera");
      assertEquals(2, cameras.size(), "both cameras' overlays: " + cameras);
    } finally {
      prometheus.destroy();
      if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly();
      }
      if (demo != null) {
        try {
          demo.get(60, TimeUnit.SECONDS).print(System.out);
        } catch (Exception e) {
          System.out.println("demo ended with " + e);
        }
      }
    }
  }

  private JsonArray query(String api, String promql) throws IOException, InterruptedException {
    HttpResponse<String> r;
    try {
      r =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(api + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (java.net.ConnectException e) {
      return new JsonArray(); // not listening yet
    }
    if (r.statusCode() != 200) {
      return new JsonArray(); // starting up
    }
    JsonObject body = JsonParser.parseString(r.body()).getAsJsonObject();
    assertEquals("success", body.get("status").getAsString(), r.body());
    return body.getAsJsonObject("data").getAsJsonArray("result");
  }

  private static double value(JsonElement sample) {
    return Double.parseDouble(
        sample.getAsJsonObject().getAsJsonArray("value").get(1).getAsString());
  }

  /** Each sample's value by its {@code label}. */
  private static Map<String, String> byLabel(JsonArray result, String label) {
    Map<String, String> out = new TreeMap<>();
    for (JsonElement e : result) {
      JsonObject metric = e.getAsJsonObject().getAsJsonObject("metric");
      if (metric.has(label)) {
        out.put(
            metric.get(label).getAsString(),
            e.getAsJsonObject().getAsJsonArray("value").get(1).getAsString());
      }
    }
    return out;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** A port P with P, P+1 and P+2 free. */
  private static int freeBase() throws IOException {
    for (int tries = 0; tries < 50; tries++) {
      int p = freePort();
      if (p + 2 <= 65535 && free(p + 1) && free(p + 2)) {
        return p;
      }
    }
    throw new IllegalStateException("no three free ports in a row on 127.0.0.1");
  }

  private static boolean free(int port) {
    try (ServerSocket s = new ServerSocket(port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
