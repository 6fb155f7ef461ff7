package dev.decomcam.ops.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard in ops/config queries only metrics the services register, and the scrape
 * config scrapes every service.
 */
class GrafanaDashboardTest {
  private static final Path CONFIG =
      Path.of(System.getProperty("decomcam.root", "..")).resolve("ops/config");

  /**
   * A series selector in PromQL: a name followed by a label matcher or a range; or any name with
   * the project's prefix.
   */
  private static final Pattern SELECTOR =
      Pattern.compile("\\b([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(?=[\\[{])|\\b(decomcam_[a-z0-9_]+)\\b");

  /** Every sample name the three services expose once each has reported something. */
  private static Set<String> exposedNames() {
    Set<String> names = new HashSet<>();
    MetricName lagName =
        new MetricName(
            "records-lag",
            "consumer-fetch-manager-metrics",
            "",
            Map.of("topic", "frames", "partition", "0"));
    Metric lag =
        new Metric() {
          @Override
          public MetricName metricName() {
            return lagName;
          }

          @Override
          public Object metricValue() {
            return 1.0;
          }
        };
    try (PrometheusMetrics p = new PrometheusMetrics();
        IngestPrometheusMetrics i = new IngestPrometheusMetrics();
        SinkPrometheusMetrics s = new SinkPrometheusMetrics()) {
      p.explained("c", 0.01, 1);
      p.streamed("c", 1, 1, 1, true);
      p.deadLettered("x");
      p.skipped("c", 500);
      p.lagOf("a", () -> Map.of(lagName, lag));
      i.connected("c", true);
      i.outageStarted("c", "x");
      i.reconnectFailed("c", "x");
      i.reconnected("c", 1, 1);
      i.published("c");
      s.overlay("c", true, 1, 1, 1);
      s.overdue("c");
      s.deadLettered("x");
      s.lagOf("b", () -> Map.of(lagName, lag));
      for (String text :
          new String[] {
            Scrapes.text(p.registry()), Scrapes.text(i.registry()), Scrapes.text(s.registry())
          }) {
        for (String line : text.split("\n")) {
          if (!line.isBlank() && !line.startsWith("#")) {
            names.add(line.split("[{ ]", 2)[0]);
          }
        }
      }
    }
    return names;
  }

  @Test
  void everyPanelQueriesOnlyMetricsTheServicesRegister() throws Exception {
    JsonObject dash =
        JsonParser.parseString(Files.readString(CONFIG.resolve("grafana-dashboard.json")))
            .getAsJsonObject();
    Set<String> exposed = exposedNames();
    Set<String> queried = new TreeSet<>();
    for (JsonElement p : dash.getAsJsonArray("panels")) {
      String title = p.getAsJsonObject().get("title").getAsString();
      assertFalse(p.getAsJsonObject().getAsJsonArray("targets").isEmpty(), title);
      for (JsonElement t : p.getAsJsonObject().getAsJsonArray("targets")) {
        String expr = t.getAsJsonObject().get("expr").getAsString();
        Matcher m = SELECTOR.matcher(expr);
        int found = 0;
        while (m.find()) {
          String series = m.group(1) != null ? m.group(1) : m.group(2);
          assertTrue(
              exposed.contains(series),
              "panel '" + title + "' queries " + series + ", which no service registers");
          queried.add(series);
          found++;
        }
        assertTrue(found > 0, "panel '" + title + "' queries no metric: " + expr);
      }
    }
    for (String needed :
        new String[] {
          "decomcam_frames_explained_total",
          "decomcam_frames_skipped_total",
          "decomcam_overlay_latency_seconds_bucket",
          "decomcam_explanation_age_seconds_bucket",
          "decomcam_masked_forwards_total",
          "decomcam_component_resets_total",
          "decomcam_dead_letters_total",
          StreamsLag.NAME
        }) {
      assertTrue(queried.contains(needed), "the dashboard shows " + needed + ": " + queried);
    }
  }

  @Test
  void theScrapeConfigScrapesEveryServiceOnTheDemosPorts() throws Exception {
    String yml = Files.readString(CONFIG.resolve("prometheus.yml"));
    Matcher jobs =
        Pattern.compile(
                "job_name: (\\S+)\\s+static_configs:\\s+- targets: \\[\"127"
                    + "\\.0\\.0\\.1:(\\d+)\"]")
            .matcher(yml);
    Map<String, Integer> ports = new java.util.TreeMap<>();
    while (jobs.find()) {
      ports.put(jobs.group(1), Integer.parseInt(jobs.group(2)));
    }
    assertEquals(
        Map.of("decomcam-explain-processor", 9464, "decomcam-ingest", 9465, "decomcam-sink", 9466),
        ports,
        "one job per service, on the ports ./decomcam demo --metrics.port=9464 serves");
  }
}
