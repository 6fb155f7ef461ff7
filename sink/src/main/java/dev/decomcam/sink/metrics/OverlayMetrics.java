package dev.decomcam.sink.metrics;

import dev.decomcam.schemas.Overlay;
import dev.decomcam.sink.feed.OverlayListener;
import java.util.function.LongSupplier;

/**
 * Reports each committed overlay to {@link SinkMetrics} as it arrives on the sink's overlay feed.
 *
 * <p>The latency is measured here, as the wall clock when the committed overlay is read minus its
 * frame's capture time, rather than taken from the overlay's own {@code latencyMs} (stamped when it
 * was rendered): a committed overlay is what a viewer and the recording get, so this is the true
 * end-to-end latency, transaction commit included. Negative differences (clocks of different hosts)
 * count as 0.
 */
public final class OverlayMetrics implements OverlayListener {
  private final SinkMetrics metrics;
  private final LongSupplier clockMs;

  /** {@code clockMs}: the wall clock in epoch milliseconds (tests: a fake one). */
  public OverlayMetrics(SinkMetrics metrics, LongSupplier clockMs) {
    this.metrics = metrics;
    this.clockMs = clockMs;
  }

  @Override
  public void onOverlay(Overlay o) {
    long latencyMs = Math.max(0, clockMs.getAsLong() - o.getCaptureTimestampMs());
    metrics.overlay(
        o.getCameraId(),
        o.getSkipped(),
        latencyMs,
        Math.max(0, o.getExplanationAgeMs()),
        o.getRenderMs());
    if (o.getReduction() != 1) {
      metrics.reduced(o.getCameraId());
    }
    if (o.getOverdue()) {
      metrics.overdue(o.getCameraId());
    }
  }
}
