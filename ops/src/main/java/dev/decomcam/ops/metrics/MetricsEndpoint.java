package dev.decomcam.ops.metrics;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;

/** The /metrics endpoint of a service's registry, on the loopback interface. */
final class MetricsEndpoint {
  private MetricsEndpoint() {}

  /** Serves {@code registry} on 127.0.0.1:{@code port}; null when {@code port} is 0 (off). */
  static HTTPServer serve(PrometheusRegistry registry, int port) {
    if (port <= 0) {
      return null;
    }
    try {
      return HTTPServer.builder()
          .hostname("127.0.0.1")
          .port(port)
          .registry(registry)
          .buildAndStart();
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot serve metrics on 127.0.0.1:"
              + port
              + ": "
              + e.getMessage()
              + ": choose a free port with --metrics.port",
          e);
    }
  }
}
