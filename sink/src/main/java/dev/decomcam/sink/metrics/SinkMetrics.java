package dev.decomcam.sink.metrics;

/**
 * What the sink reports; ops binds it to Prometheus, tests record it or use {@link #NONE}. Overlay
 * calls come from the overlay feed's thread, dead letters from the stream threads.
 */
public interface SinkMetrics {
  SinkMetrics NONE = new SinkMetrics() {};

  /**
   * One committed overlay of {@code camera} reached the sink's feed {@code latencyMs} after its
   * frame's capture (the end-to-end latency); {@code skipped}: the processor skipped the frame and
   * the camera's latest explanation, {@code explanationAgeMs} older, was drawn on it; {@code
   * renderMs}: the sink's time to decode, draw and encode it.
   */
  default void overlay(
      String camera, boolean skipped, long latencyMs, long explanationAgeMs, double renderMs) {}

  /**
   * The overlay just reported by {@link #overlay} was of a live frame that reached the sink late,
   * drawn reduced or passed through undrawn so the sink catches up ({@code Overlay.reduction}).
   */
  default void reduced(String camera) {}

  /**
   * The overlay just reported by {@link #overlay} was of a live frame whose explanation did not
   * reach the sink in time ({@code Overlay.overdue}): the processor is down or far behind.
   */
  default void overdue(String camera) {}

  /** One record the sink sent to the dead-letter topic, at {@code stage} of its join. */
  default void deadLettered(String stage) {}
}
