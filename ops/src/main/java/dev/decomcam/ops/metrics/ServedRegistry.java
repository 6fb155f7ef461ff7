package dev.decomcam.ops.metrics;

import dev.decomcam.common.auth.BearerToken;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * What every service's Prometheus metrics share: a registry holding the JVM's metrics and the
 * service's own, served on the loopback interface by {@link #serve}, and closed with the service.
 *
 * @param <T> the service's metrics class, so that {@link #serve} chains as it
 */
abstract class ServedRegistry<T extends ServedRegistry<T>> implements AutoCloseable {
  protected final PrometheusRegistry registry = new PrometheusRegistry();
  private HTTPServer server;

  ServedRegistry() {
    JvmMetrics.builder().register(registry);
  }

  /** This instance as its own class, for chaining. */
  abstract T self();

  /** Serves /metrics on the loopback interface. */
  public T serve(int port) {
    return serve(port, null);
  }

  /** Serves /metrics on the loopback interface, each request needing {@code token} (null: none). */
  public T serve(int port, BearerToken token) {
    server = MetricsEndpoint.serve(registry, port, token);
    return self();
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
  }
}
