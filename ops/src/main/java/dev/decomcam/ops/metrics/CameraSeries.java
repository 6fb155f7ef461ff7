package dev.decomcam.ops.metrics;

import io.prometheus.metrics.core.metrics.StatefulMetric;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Keeps a service's per-camera label series bounded: remembers when each camera was last reported
 * and removes every series of a camera silent for longer than the idle time from the metrics whose
 * first label is the camera. Without it a producer that sends ever new camera ids grows every
 * scrape, and the process's memory, without bound; a camera that comes back starts its counters
 * again from 0, which Prometheus's {@code rate()} reads as a counter reset.
 *
 * <p>Idle cameras are swept when a camera is reported (at most once per tenth of the idle time) and
 * on every scrape, so series also go when every camera has stopped: the registry collects in no
 * fixed order, so a sweep done by a scrape shows in that scrape or the next.
 */
final class CameraSeries {
  private final LongSupplier nanoClock;
  private final long idleNanos;
  private final List<StatefulMetric<?, ?>> metrics;
  private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();
  private volatile long lastSweep;

  /**
   * {@code metrics}: every metric labelled by camera first; {@code nanoClock}: a monotonic clock in
   * nanoseconds ({@link System#nanoTime}; tests: a fake one).
   */
  CameraSeries(Duration idle, LongSupplier nanoClock, List<StatefulMetric<?, ?>> metrics) {
    if (idle.isNegative() || idle.isZero()) {
      throw new IllegalArgumentException(
          "metrics idle time " + idle + " must be positive: set metrics.idle.seconds >= 1");
    }
    this.idleNanos = idle.toNanos();
    this.nanoClock = nanoClock;
    this.metrics = List.copyOf(metrics);
    this.lastSweep = nanoClock.getAsLong();
  }

  /** Sweeps on every scrape of {@code registry}, adding no metric of its own. */
  CameraSeries sweptOnScrape(PrometheusRegistry registry) {
    registry.register(
        (MultiCollector)
            () -> {
              sweep();
              return MetricSnapshots.of();
            });
    return this;
  }

  /** {@code camera} was reported now; sweeps the idle cameras when a sweep is due. */
  void seen(String camera) {
    long now = nanoClock.getAsLong();
    lastSeen.put(camera, now);
    if (now - lastSweep >= idleNanos / 10) {
      sweep();
    }
  }

  /** Removes the series of every camera silent for longer than the idle time. */
  synchronized void sweep() {
    long now = nanoClock.getAsLong();
    lastSweep = now;
    for (Map.Entry<String, Long> e : lastSeen.entrySet()) {
      long seen = e.getValue();
      if (now - seen > idleNanos && lastSeen.remove(e.getKey(), seen)) {
        String camera = e.getKey();
        for (StatefulMetric<?, ?> m : metrics) {
          m.removeIf(labels -> !labels.isEmpty() && camera.equals(labels.get(0)));
        }
      }
    }
  }

  /** Cameras with series now. */
  int cameras() {
    return lastSeen.size();
  }
}
