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
  void servesLatestOverlayPerCameraAsJsonSnapshotAndMjpeg() throws Exception {
    try (Dashboard d = new Dashboard(0)) {
      String base = "http://127.0.0.1:" + d.port();
      assertEquals(404, status(base + "/snapshot/door.jpg"));
      d.onOverlay(overlay("door", 1, new byte[] {1, 2, 3}));
      d.onOverlay(overlay("door", 2, new byte[] {4, 5}));
      d.onOverlay(overlay("yard", 7, new byte[] {6}));

      String json = text(base + "/api/cameras");
      assertTrue(
          json.contains("\"door\":{\"sequence\":2") && json.contains("\"yard\":{\"sequence\":7"),
          json);
      assertTrue(json.contains("\"label\":\"star \\\"5\\\"\""), json);
      assertArrayEquals(new byte[] {4, 5}, bytes(base + "/snapshot/door.jpg"));
      assertTrue(text(base + "/").contains("DecomCAM Live"));

      HttpURLConnection c =
          (HttpURLConnection) URI.create(base + "/stream/door").toURL().openConnection();
      assertTrue(c.getContentType().startsWith("multipart/x-mixed-replace"));
      try (InputStream in = c.getInputStream()) {
        byte[] head = in.readNBytes(60);
        String part = new String(head, StandardCharsets.ISO_8859_1);
        assertTrue(
            part.startsWith("--frame\r\nContent-Type: image/jpeg\r\nContent-Length: 2\r\n\r\n"),
            part);
      }
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
