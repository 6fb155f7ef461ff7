package dev.decomcam.ops.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.common.auth.BearerToken;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** {@code metrics.token}: /metrics answers 401 (with the reason) without it, 200 with it. */
class MetricsTokenTest {
  private static final String TOKEN = "scrape-token-0123456789abcdef";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static HttpResponse<String> get(int port, String authorization) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void processorMetricsNeedTheToken() throws Exception {
    int port = freePort();
    try (PrometheusMetrics m =
        new PrometheusMetrics().serve(port, BearerToken.parse("metrics.token", TOKEN))) {
      m.explained("door", 0.1, 40);
      HttpResponse<String> refused = get(port, null);
      assertEquals(401, refused.statusCode());
      String challenge = refused.headers().firstValue("WWW-Authenticate").orElse("");
      assertTrue(challenge.startsWith("Bearer ") && challenge.contains("metrics.token"), challenge);
      assertEquals(401, get(port, "Bearer not-the-token-0123456789").statusCode());
      assertEquals(401, get(port, "Basic " + TOKEN).statusCode());
      HttpResponse<String> ok = get(port, "Bearer " + TOKEN);
      assertEquals(200, ok.statusCode());
      assertTrue(ok.body().contains("decomcam_"), ok.body());
    }
  }

  @Test
  void ingestMetricsNeedTheTokenAndWithoutOneAreOpen() throws Exception {
    int port = freePort();
    try (IngestPrometheusMetrics m =
        new IngestPrometheusMetrics().serve(port, BearerToken.parse("metrics.token", TOKEN))) {
      assertEquals(401, get(port, null).statusCode());
      assertEquals(200, get(port, "Bearer " + TOKEN).statusCode());
    }
    int open = freePort();
    try (IngestPrometheusMetrics m = new IngestPrometheusMetrics().serve(open)) {
      assertEquals(200, get(open, null).statusCode());
    }
  }
}
