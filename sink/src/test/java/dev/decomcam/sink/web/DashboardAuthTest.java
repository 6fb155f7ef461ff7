package dev.decomcam.sink.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.common.auth.BearerToken;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code dashboard.token}: 401 with a one-line reason without it, 200 with it. */
class DashboardAuthTest {
  private static final String TOKEN = "test-token-0123456789abcdef";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static HttpResponse<String> get(String url, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void everyRequestNeedsTheToken() throws Exception {
    try (Dashboard d =
        new Dashboard(
            "127.0.0.1",
            0,
            new CameraBoard(64, 60_000_000_000L),
            BearerToken.parse("dashboard.token", TOKEN))) {
      d.onOverlay(DashboardTest.overlay("door", 1, new byte[] {1}));
      String base = "http://127.0.0.1:" + d.port();
      for (String path : new String[] {"/api/cameras", "/", "/camera.html", "/snapshot/door.jpg"}) {
        HttpResponse<String> r = get(base + path);
        assertEquals(401, r.statusCode(), path);
        assertEquals(DashboardAuth.REASON, r.body().strip(), path);
        assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        assertEquals(
            401, get(base + path, "Authorization", "Bearer wrong-token-0123456789").statusCode());
      }
      HttpResponse<String> ok = get(base + "/api/cameras", "Authorization", "Bearer " + TOKEN);
      assertEquals(200, ok.statusCode());
      assertTrue(ok.body().contains("\"door\""), ok.body());

      // a browser: ?token= once, then the cookie it was given
      HttpResponse<String> page = get(base + "/?token=" + TOKEN);
      assertEquals(200, page.statusCode());
      String cookie = page.headers().firstValue("Set-Cookie").orElseThrow();
      assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
      String pair = cookie.split(";")[0];
      assertEquals(200, get(base + "/api/cameras", "Cookie", pair).statusCode());
      assertEquals(401, get(base + "/api/cameras", "Cookie", "decomcam_token=nope").statusCode());

      ExecutionException refused =
          assertThrows(
              ExecutionException.class,
              () ->
                  HTTP.newWebSocketBuilder()
                      .buildAsync(URI.create("ws://127.0.0.1:" + d.port() + "/ws/wall"), listener())
                      .get(5, TimeUnit.SECONDS));
      assertTrue(refused.getCause() instanceof WebSocketHandshakeException, refused.toString());
      assertEquals(
          401, ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());
      WebSocket ws =
          HTTP.newWebSocketBuilder()
              .header("Cookie", pair)
              .buildAsync(URI.create("ws://127.0.0.1:" + d.port() + "/ws/wall"), listener())
              .get(5, TimeUnit.SECONDS);
      ws.abort();
    }
  }

  private static WebSocket.Listener listener() {
    return new WebSocket.Listener() {};
  }
}
