package dev.decomcam.ops.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Consumer lag of Kafka Streams applications as the Prometheus gauge {@value #NAME} (labels {@code
 * app}, {@code topic}, {@code partition}): on each scrape, the {@code records-lag} of every
 * partition the application's consumers fetch, read from its own client metrics ({@code
 * KafkaStreams.metrics()}), so it needs no JMX and no extra consumer. Where two clients report the
 * same partition (a task moving between threads), the larger lag is shown; unknown values (NaN,
 * before the first fetch) are left out.
 */
final class StreamsLag implements MultiCollector {
  static final String NAME = "decomcam_consumer_lag_records";

  private record Source(String app, Supplier<Map<MetricName, ? extends Metric>> metrics) {}

  private final List<Source> sources = new CopyOnWriteArrayList<>();

  /** Adds the lag of application {@code app}, whose client metrics {@code metrics} supplies. */
  StreamsLag add(String app, Supplier<Map<MetricName, ? extends Metric>> metrics) {
    sources.add(new Source(app, metrics));
    return this;
  }

  @Override
  public MetricSnapshots collect() {
    Map<List<String>, Double> lag = new TreeMap<>(StreamsLag::compare);
    for (Source s : sources) {
      Map<MetricName, ? extends Metric> all = s.metrics().get();
      if (all == null) {
        continue;
      }
      for (Map.Entry<MetricName, ? extends Metric> e : all.entrySet()) {
        MetricName n = e.getKey();
        String topic = n.tags().get("topic");
        String partition = n.tags().get("partition");
        if (!"records-lag".equals(n.name())
            || !"consumer-fetch-manager-metrics".equals(n.group())
            || topic == null
            || partition == null) {
          continue;
        }
        if (e.getValue().metricValue() instanceof Number v && !Double.isNaN(v.doubleValue())) {
          lag.merge(List.of(s.app(), topic, partition), v.doubleValue(), Math::max);
        }
      }
    }
    GaugeSnapshot.Builder gauge =
        GaugeSnapshot.builder()
            .name(NAME)
            .help("records a Kafka Streams application has yet to read, by topic partition");
    lag.forEach(
        (labels, value) ->
            gauge.dataPoint(
                GaugeDataPointSnapshot.builder()
                    .labels(
                        Labels.of(
                            "app",
                            labels.get(0),
                            "topic",
                            labels.get(1),
                            "partition",
                            labels.get(2)))
                    .value(value)
                    .build()));
    return MetricSnapshots.of(gauge.build());
  }

  @Override
  public List<String> getPrometheusNames() {
    return List.of(NAME);
  }

  private static int compare(List<String> a, List<String> b) {
    return String.join("\u0000", a).compareTo(String.join("\u0000", b));
  }
}
