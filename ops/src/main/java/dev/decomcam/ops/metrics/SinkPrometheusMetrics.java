package dev.decomcam.ops.metrics;

import dev.decomcam.sink.metrics.SinkMetrics;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Prometheus metrics of the sink, served at {@code http://127.0.0.1:<port>/metrics} (port 0 = not
 * served): by camera, committed overlays, of them those drawn on skipped frames, reduced to catch
 * up, or drawn without an explanation that did not come in time (overdue), the capture to committed
 * overlay latency (the pipeline's end-to-end latency), the age of the explanation drawn and the
 * time to render; dead letters by stage; with {@link #lagOf}, the sink's consumer lag. The series
 * of a camera silent for the idle time are removed ({@link CameraSeries}).
 */
public final class SinkPrometheusMetrics extends ServedRegistry<SinkPrometheusMetrics>
    implements SinkMetrics {
  private final Counter overlays;
  private final Counter skippedOverlays;
  private final Counter reducedOverlays;
  private final Counter overdueOverlays;
  private final Histogram latencySeconds;
  private final Histogram ageSeconds;
  private final Histogram renderSeconds;
  private final Counter deadLetters;
  private final CameraSeries cameras;
  private final StreamsLag lag = new StreamsLag();

  /** Metrics whose camera series go after {@link PrometheusMetrics#DEFAULT_IDLE} of silence. */
  public SinkPrometheusMetrics() {
    this(PrometheusMetrics.DEFAULT_IDLE, System::nanoTime);
  }

  /** Metrics whose camera series go after {@code idle} of silence on {@code nanoClock}. */
  public SinkPrometheusMetrics(Duration idle, LongSupplier nanoClock) {
    overlays =
        Counter.builder()
            .name("decomcam_overlays_total")
            .help("committed overlays read back by the sink (explained and skipped frames)")
            .labelNames("camera")
            .register(registry);
    skippedOverlays =
        Counter.builder()
            .name("decomcam_overlays_skipped_total")
            .help("committed overlays of frames the processor skipped (latest explanation drawn)")
            .labelNames("camera")
            .register(registry);
    reducedOverlays =
        Counter.builder()
            .name("decomcam_overlays_reduced_total")
            .help(
                "committed overlays of late live frames drawn at 1/2 or 1/4 size, or passed"
                    + " through undrawn, so the sink catches up")
            .labelNames("camera")
            .register(registry);
    overdueOverlays =
        Counter.builder()
            .name("decomcam_overlays_overdue_total")
            .help(
                "of the skipped, live frames whose explanation did not reach the sink within"
                    + " overlay.explanation.wait.ms: the explain-processor is down or far behind")
            .labelNames("camera")
            .register(registry);
    latencySeconds =
        Histogram.builder()
            .name("decomcam_overlay_latency_seconds")
            .help("capture to committed overlay latency: the pipeline's end-to-end latency")
            .labelNames("camera")
            .register(registry);
    ageSeconds =
        Histogram.builder()
            .name("decomcam_explanation_age_seconds")
            .help("capture time of the overlay's frame minus that of the explained frame drawn")
            .labelNames("camera")
            .register(registry);
    renderSeconds =
        Histogram.builder()
            .name("decomcam_render_seconds")
            .help("time to decode a frame, draw its overlay and encode it")
            .labelNames("camera")
            .register(registry);
    deadLetters =
        Counter.builder()
            .name("decomcam_dead_letters_total")
            .help("records sent to the dead-letter topic")
            .labelNames("stage")
            .register(registry);
    cameras =
        new CameraSeries(
                idle,
                nanoClock,
                List.of(
                    overlays,
                    skippedOverlays,
                    reducedOverlays,
                    overdueOverlays,
                    latencySeconds,
                    ageSeconds,
                    renderSeconds))
            .sweptOnScrape(registry);
    registry.register(lag);
  }

  /** Adds the consumer lag of Kafka Streams application {@code app}, read on each scrape. */
  public SinkPrometheusMetrics lagOf(
      String app, Supplier<Map<MetricName, ? extends Metric>> metrics) {
    lag.add(app, metrics);
    return this;
  }

  @Override
  SinkPrometheusMetrics self() {
    return this;
  }

  @Override
  public void overlay(
      String camera, boolean skipped, long latencyMs, long explanationAgeMs, double renderMs) {
    overlays.labelValues(camera).inc();
    if (skipped) {
      skippedOverlays.labelValues(camera).inc();
    } else {
      skippedOverlays.labelValues(camera).inc(0); // the series exists from the first overlay on
    }
    reducedOverlays.labelValues(camera).inc(0);
    overdueOverlays.labelValues(camera).inc(0);
    latencySeconds.labelValues(camera).observe(latencyMs / 1000.0);
    ageSeconds.labelValues(camera).observe(explanationAgeMs / 1000.0);
    renderSeconds.labelValues(camera).observe(renderMs / 1000.0);
    cameras.seen(camera);
  }

  @Override
  public void reduced(String camera) {
    reducedOverlays.labelValues(camera).inc();
  }

  @Override
  public void overdue(String camera) {
    overdueOverlays.labelValues(camera).inc();
  }

  @Override
  public void deadLettered(String stage) {
    deadLetters.labelValues(stage).inc();
  }
}
