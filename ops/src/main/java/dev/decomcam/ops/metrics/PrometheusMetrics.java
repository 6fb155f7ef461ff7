package dev.decomcam.ops.metrics;

import dev.decomcam.processor.topology.ExplainMetrics;
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
 * Prometheus metrics of a DecomCAM process, served at {@code http://127.0.0.1:<port>/metrics} (port
 * 0 = not served). Explain time and capture-to-explanation latency are histograms per camera; dead
 * letters are counted by stage; explained frames and live frames skipped under overload by camera
 * (their sum is every frame the processor took); streaming Decom-CAM's masked forwards by camera
 * and cause, and its resets by camera (masked forwards per frame, the streaming method's cost in
 * forward passes beyond the first, is their rate over that of {@code
 * decomcam_explain_seconds_count}). The series of a camera silent for the idle time are removed
 * ({@link CameraSeries}); {@link #lagOf} adds the Streams application's consumer lag.
 */
public final class PrometheusMetrics extends ServedRegistry<PrometheusMetrics>
    implements ExplainMetrics {
  private final Histogram explainSeconds;
  private final Histogram latencySeconds;
  private final Counter explainedFrames;
  private final Counter skippedFrames;
  private final Counter deadLetters;
  private final Counter maskedForwards;
  private final Counter resets;
  private final CameraSeries cameras;
  private final StreamsLag lag = new StreamsLag();
  private boolean lagRegistered;

  /** Metrics whose camera series go after {@link #DEFAULT_IDLE} of silence. */
  public PrometheusMetrics() {
    this(DEFAULT_IDLE, System::nanoTime);
  }

  /**
   * Metrics whose camera series are removed after {@code idle} of silence, measured on {@code
   * nanoClock} (tests: a fake clock).
   */
  public PrometheusMetrics(Duration idle, LongSupplier nanoClock) {
    explainSeconds =
        Histogram.builder()
            .name("decomcam_explain_seconds")
            .help("time to explain one frame (decode, forward, gradient, decomposition, scoring)")
            .labelNames("camera")
            .register(registry);
    latencySeconds =
        Histogram.builder()
            .name("decomcam_explanation_latency_seconds")
            .help("capture to explanation latency")
            .labelNames("camera")
            .register(registry);
    explainedFrames =
        Counter.builder()
            .name("decomcam_frames_explained_total")
            .help("frames explained")
            .labelNames("camera")
            .register(registry);
    skippedFrames =
        Counter.builder()
            .name("decomcam_frames_skipped_total")
            .help(
                "live frames skipped, not explained, because they were older than live.max.lag.ms")
            .labelNames("camera")
            .register(registry);
    deadLetters =
        Counter.builder()
            .name("decomcam_dead_letters_total")
            .help("records sent to the dead-letter topic")
            .labelNames("stage")
            .register(registry);
    maskedForwards =
        Counter.builder()
            .name("decomcam_masked_forwards_total")
            .help("streaming Decom-CAM masked forward passes, by cause (reset, changed, refresh)")
            .labelNames("camera", "cause")
            .register(registry);
    resets =
        Counter.builder()
            .name("decomcam_component_resets_total")
            .help("streaming Decom-CAM resets (first frame, scene cut, target class change)")
            .labelNames("camera")
            .register(registry);
    cameras =
        new CameraSeries(
                idle,
                nanoClock,
                List.of(
                    explainSeconds,
                    latencySeconds,
                    explainedFrames,
                    skippedFrames,
                    maskedForwards,
                    resets))
            .sweptOnScrape(registry);
  }

  /** The default of {@code metrics.idle.seconds}. */
  public static final Duration DEFAULT_IDLE = Duration.ofSeconds(300);

  /**
   * Adds the consumer lag of Kafka Streams application {@code app} ({@code
   * decomcam_consumer_lag_records}), read from its client metrics on each scrape.
   */
  public synchronized PrometheusMetrics lagOf(
      String app, Supplier<Map<MetricName, ? extends Metric>> metrics) {
    lag.add(app, metrics);
    if (!lagRegistered) {
      registry.register(lag);
      lagRegistered = true;
    }
    return this;
  }

  @Override
  PrometheusMetrics self() {
    return this;
  }

  @Override
  public void explained(String camera, double seconds, long latencyMs) {
    explainSeconds.labelValues(camera).observe(seconds);
    latencySeconds.labelValues(camera).observe(latencyMs / 1000.0);
    explainedFrames.labelValues(camera).inc();
    cameras.seen(camera);
  }

  @Override
  public void skipped(String camera, long ageMs) {
    skippedFrames.labelValues(camera).inc();
    cameras.seen(camera);
  }

  @Override
  public void streamed(
      String camera, int resetForwards, int changedForwards, int refreshForwards, boolean reset) {
    maskedForwards.labelValues(camera, "reset").inc(resetForwards);
    maskedForwards.labelValues(camera, "changed").inc(changedForwards);
    maskedForwards.labelValues(camera, "refresh").inc(refreshForwards);
    if (reset) {
      resets.labelValues(camera).inc();
    }
    cameras.seen(camera);
  }

  @Override
  public void deadLettered(String reason) {
    deadLetters.labelValues("explain").inc();
  }
}
