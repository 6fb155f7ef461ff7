package dev.decomcam.ingest;

/**
 * What ingest reports about its source and frames; ops binds it to Prometheus, tests record it or
 * use {@link #NONE}. Calls come from the camera's ingest thread.
 */
public interface IngestMetrics {
  IngestMetrics NONE = new IngestMetrics() {};

  /** The camera's source is open and delivering ({@code true}) or lost / closed. */
  default void connected(String camera, boolean up) {}

  /** The source was lost ({@code reason}, one line): an outage starts. */
  default void outageStarted(String camera, String reason) {}

  /** One try to open the lost source again failed. */
  default void reconnectFailed(String camera, String reason) {}

  /** The source is back after an outage of {@code outageMs}, on the {@code attempts}th try. */
  default void reconnected(String camera, long outageMs, int attempts) {}

  /** An outage ended without the source coming back (tries exhausted or ingest stopped). */
  default void outageEnded(String camera, long outageMs) {}

  /** One frame handed to the producer. */
  default void published(String camera) {}
}
