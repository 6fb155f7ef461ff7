package dev.decomcam.sink.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.schemas.Overlay;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DashboardTest {

  static Overlay overlay(String camera, long seq, byte[] jpeg) {
    return Overlay.newBuilder()
        .setCameraId(camera)
        .setSequence(seq)
        .setCaptureTimestampMs(0)
        .setWidth(2)
        .setHeight(2)
        .setImage(ByteBuffer.wrap(jpeg))
        .setLabel("star \"5\"")
        .setScore(0.9f)
        .setLatencyMs(42)
        .setRenderMs(3f)
        .build();
  }

  @Test
  void servesLatestOverlayPerCameraAsJsonSnapshotAndWebSocketPush() throws Exception {
    // a clock that stands still: "live" does not depend on how fast a loaded machine answers
    long now = System.nanoTime();
    try (Dashboard d =
        new Dashboard("127.0.0.1", 0, new CameraBoard(64, 300_000_000_000L, () -> now))) {
      String base = "http://127.0.0.1:" + d.port();
      assertEquals(404, status(base + "/snapshot/door.jpg"));
      assertEquals(404, status(base + "/api/cameras/door"));
      d.onOverlay(overlay("door", 1, new byte[] {1, 2, 3}));
      d.onOverlay(overlay("door", 2, new byte[] {4, 5}));
      d.onOverlay(overlay("yard", 7, new byte[] {6}));

      String json = text(base + "/api/cameras");
      assertTrue(
          json.contains("\"door\":{\"id\":\"door\"") && json.contains("\"sequence\":7"), json);
      assertTrue(json.contains("\"label\":\"star \\\"5\\\"\""), json);
      assertTrue(json.contains("\"health\":\"live\""), json);
      assertArrayEquals(new byte[] {4, 5}, bytes(base + "/snapshot/door.jpg"));
      assertTrue(text(base + "/").contains("DecomCAM Live"));
      assertTrue(text(base + "/camera.html").contains("Components"));
      assertTrue(text(base + "/api/cameras/door").contains("\"explained\":null"));
      assertTrue(text(base + "/api/cameras/door/components").contains("\"components\":[]"));
      assertTrue(text(base + "/api/cameras/door/timeline").contains("\"lifetimes\":[]"));

      java.util.concurrent.BlockingQueue<byte[]> images =
          new java.util.concurrent.LinkedBlockingQueue<>();
      java.net.http.WebSocket ws =
          java.net.http.HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .buildAsync(
                  URI.create("ws://127.0.0.1:" + d.port() + "/ws/wall"),
                  new java.net.http.WebSocket.Listener() {
                    @Override
                    public java.util.concurrent.CompletionStage<?> onBinary(
                        java.net.http.WebSocket w, ByteBuffer data, boolean last) {
                      byte[] b = new byte[data.remaining()];
                      data.get(b);
                      images.add(b);
                      w.request(1);
                      return null;
                    }
                  })
              .get(5, java.util.concurrent.TimeUnit.SECONDS);
      byte[] first = images.poll(5, java.util.concurrent.TimeUnit.SECONDS);
      assertTrue(first != null, "an overlay pushed to the wall");
      int n = ((first[0] & 0xff) << 8) | (first[1] & 0xff);
      String camera = new String(first, 2, n, StandardCharsets.UTF_8);
      assertTrue(camera.equals("door") || camera.equals("yard"), camera);
      ws.abort();
    }
  }

  @Test
  void cameraIdsWithQuotesAndControlCharactersStayValidJson() throws Exception {
    try (Dashboard d = new Dashboard(0)) {
      String hostile = "cam\"\\\n\u0001</script>";
      d.onOverlay(overlay(hostile, 3, new byte[] {1}));
      String json = text("http://127.0.0.1:" + d.port() + "/api/cameras");
      com.google.gson.JsonObject parsed =
          com.google.gson.JsonParser.parseString(json).getAsJsonObject();
      assertEquals(3, parsed.getAsJsonObject(hostile).get("sequence").getAsLong(), json);
      assertEquals("star \"5\"", parsed.getAsJsonObject(hostile).get("label").getAsString());
      assertEquals(0.9, parsed.getAsJsonObject(hostile).get("score").getAsDouble(), 1e-9);
    }
  }

  static int status(String url) throws Exception {
    HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
    return c.getResponseCode();
  }

  static byte[] bytes(String url) throws Exception {
    try (InputStream in = URI.create(url).toURL().openStream()) {
      return in.readAllBytes();
    }
  }

  static String text(String url) throws Exception {
    return new String(bytes(url), StandardCharsets.UTF_8);
  }
}
