package dev.decomcam.schemas.config;

/**
 * Lifecycle shared by ingest, explain-processor and sink, so launchers and tests drive any of
 * them the same way. {@code start} returns once the service runs (or fails with a one-line
 * error); {@code close} stops it and releases everything, and may be called more than once.
 */
public interface Service extends AutoCloseable {
  String name();

  void start();

  @Override
  void close();
}
