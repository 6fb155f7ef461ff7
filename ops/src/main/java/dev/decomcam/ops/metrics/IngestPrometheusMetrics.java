package dev.decomcam.ops.metrics;

import dev.decomcam.ingest.IngestMetrics;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Prometheus metrics of an ingest process, served at {@code http://127.0.0.1:<port>/metrics} (port
 * 0 = not served), all by camera: whether its source is connected (a gauge, 0 during an outage),
 * outages begun, reconnects that brought the source back, failed reconnect tries, seconds without a
 * source (counted when an outage ends) and frames published. The series of a camera silent for the
 * idle time are removed ({@link CameraSeries}).
 */
public final class IngestPrometheusMetrics extends ServedRegistry<IngestPrometheusMetrics>
    implements IngestMetrics {
  private final Gauge connected;
  private final Counter outages;
  private final Counter reconnects;
  private final Counter reconnectFailures;
  private final Counter outageSeconds;
  private final Counter published;
  private final CameraSeries cameras;

  /** Metrics whose camera series go after {@link PrometheusMetrics#DEFAULT_IDLE} of silence. */
  public IngestPrometheusMetrics() {
    this(PrometheusMetrics.DEFAULT_IDLE, System::nanoTime);
  }

  /** Metrics whose camera series go after {@code idle} of silence on {@code nanoClock}. */
  public IngestPrometheusMetrics(Duration idle, LongSupplier nanoClock) {
    connected =
        Gauge.builder()
            .name("decomcam_ingest_source_connected")
            .help("1 while the camera's source delivers, 0 while it is lost or closed")
            .labelNames("camera")
            .register(registry);
    outages =
        Counter.builder()
            .name("decomcam_ingest_outages_total")
            .help("times the camera's live source was lost (ended, broke or stalled)")
            .labelNames("camera")
            .register(registry);
    reconnects =
        Counter.builder()
            .name("decomcam_ingest_reconnects_total")
            .help("outages the camera's source came back from")
            .labelNames("camera")
            .register(registry);
    reconnectFailures =
        Counter.builder()
            .name("decomcam_ingest_reconnect_failures_total")
            .help("reconnect tries that failed (the source was still down)")
            .labelNames("camera")
            .register(registry);
    outageSeconds =
        Counter.builder()
            .name("decomcam_ingest_outage_seconds_total")
            .help("time without a source, counted when each outage ends")
            .labelNames("camera")
            .register(registry);
    published =
        Counter.builder()
            .name("decomcam_ingest_frames_published_total")
            .help("frames handed to the producer")
            .labelNames("camera")
            .register(registry);
    cameras =
        new CameraSeries(
                idle,
                nanoClock,
                List.of(
                    connected, outages, reconnects, reconnectFailures, outageSeconds, published))
            .sweptOnScrape(registry);
  }

  @Override
  IngestPrometheusMetrics self() {
    return this;
  }

  @Override
  public void connected(String camera, boolean up) {
    connected.labelValues(camera).set(up ? 1 : 0);
    cameras.seen(camera);
  }

  @Override
  public void outageStarted(String camera, String reason) {
    outages.labelValues(camera).inc();
    reconnects.labelValues(camera).inc(0); // the series exists from the first outage on
    outageSeconds.labelValues(camera).inc(0);
    cameras.seen(camera);
  }

  @Override
  public void reconnectFailed(String camera, String reason) {
    reconnectFailures.labelValues(camera).inc();
    cameras.seen(camera);
  }

  @Override
  public void reconnected(String camera, long outageMs, int attempts) {
    reconnects.labelValues(camera).inc();
    outageSeconds.labelValues(camera).inc(outageMs / 1000.0);
  }

  @Override
  public void outageEnded(String camera, long outageMs) {
    outageSeconds.labelValues(camera).inc(outageMs / 1000.0);
  }

  @Override
  public void published(String camera) {
    published.labelValues(camera).inc();
    cameras.seen(camera);
  }
}
