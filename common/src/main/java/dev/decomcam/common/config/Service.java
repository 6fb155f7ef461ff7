package dev.decomcam.common.config;

import java.time.Duration;

/**
 * Start/stop lifecycle shared by the long-running services, so a launcher, the demo and tests drive
 * any of them the same way.
 *
 * <pre>{@code
 * Service s = new IngestService(IngestConfig.load(null, System.getenv(), Map.of("source", "clip.mp4")));
 * s.start();                       // fails fast with a one-line error
 * Runtime.getRuntime().addShutdownHook(new Thread(s::stop));
 * s.awaitTermination(Duration.ofDays(365));
 * }</pre>
 */
public interface Service extends AutoCloseable {
  /**
   * Opens resources and starts work in the background; throws with a one-line message when it
   * cannot.
   */
  void start();

  /**
   * Stops the work, releases resources; safe to call more than once and before {@link #start()}.
   */
  void stop();

  /**
   * Waits until the service has finished by itself or was stopped; true if it did within the
   * timeout.
   */
  boolean awaitTermination(Duration timeout) throws InterruptedException;

  @Override
  default void close() {
    stop();
  }
}
