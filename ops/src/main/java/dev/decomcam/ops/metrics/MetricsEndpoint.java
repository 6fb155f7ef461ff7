package dev.decomcam.ops.metrics;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import dev.decomcam.common.auth.BearerToken;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;

/**
 * The /metrics endpoint of a service's registry, on the loopback interface; with a {@code
 * metrics.token}, every request needs {@code Authorization: Bearer TOKEN} (Prometheus: {@code
 * authorization: credentials} in the scrape config) and is otherwise answered 401, the reason in
 * the {@code WWW-Authenticate} header's {@code error_description} (RFC 6750; the JDK's server sends
 * a refused request no body).
 */
final class MetricsEndpoint {
  private MetricsEndpoint() {}

  static final String REASON =
      "metrics: bearer token missing or wrong: send 'Authorization: Bearer TOKEN' (the service's"
          + " metrics.token)";

  /** Serves {@code registry} on 127.0.0.1:{@code port}; null when {@code port} is 0 (off). */
  static HTTPServer serve(PrometheusRegistry registry, int port) {
    return serve(registry, port, null);
  }

  /**
   * Serves {@code registry} on 127.0.0.1:{@code port}, each request needing {@code token} (null:
   * none); null when {@code port} is 0 (off).
   */
  static HTTPServer serve(PrometheusRegistry registry, int port, BearerToken token) {
    if (port <= 0) {
      return null;
    }
    try {
      HTTPServer.Builder b =
          HTTPServer.builder().hostname("127.0.0.1").port(port).registry(registry);
      if (token != null) {
        b.authenticator(new Bearer(token));
      }
      return b.buildAndStart();
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

  /** Lets a request with the bearer token through; any other gets 401. */
  private static final class Bearer extends Authenticator {
    private final BearerToken token;

    Bearer(BearerToken token) {
      this.token = token;
    }

    @Override
    public Result authenticate(HttpExchange exchange) {
      if (token.authorizes(exchange.getRequestHeaders().getFirst("Authorization"))) {
        return new Success(new HttpPrincipal("scraper", "decomcam"));
      }
      exchange
          .getResponseHeaders()
          .set(
              "WWW-Authenticate",
              "Bearer realm=\"decomcam\", error=\"invalid_token\", error_description=\""
                  + REASON.replace("\"", "'")
                  + "\"");
      return new Failure(401);
    }
  }
}
