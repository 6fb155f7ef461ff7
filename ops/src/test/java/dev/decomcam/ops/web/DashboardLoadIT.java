package dev.decomcam.ops.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.schemas.Overlay;
import dev.decomcam.sink.web.CameraBoard;
import dev.decomcam.sink.web.Dashboard;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The dashboard under load: 60 WebSocket viewers of the wall open while four cameras push 64 KB
 * overlays at 10 frames/s each, and {@code /api/cameras} still answers quickly. Viewers hold
 * sockets, not threads; the figures are printed.
 */
class DashboardLoadIT {
  static final int VIEWERS = 60;
  static final int CAMERAS = 4;

  @Test
  void fiftyViewersAndTheApiStillAnswers() throws Exception {
    byte[] jpeg = new byte[64 << 10];
    ScheduledExecutorService cameras = Executors.newSingleThreadScheduledExecutor();
    AtomicLong sequence = new AtomicLong();
    try (Dashboard d = new Dashboard("127.0.0.1", 0, new CameraBoard(64, 60_000_000_000L))) {
      cameras.scheduleAtFixedRate(
          () -> {
            long s = sequence.incrementAndGet();
            for (int c = 0; c < CAMERAS; c++) {
              d.onOverlay(overlay("cam-" + c, s, jpeg));
            }
          },
          0,
          100,
          TimeUnit.MILLISECONDS);
      HttpClient http = HttpClient.newHttpClient();
      AtomicLong images = new AtomicLong();
      AtomicLong imageBytes = new AtomicLong();
      List<WebSocket> sockets = new ArrayList<>();
      // what the clients saw end, so that a viewer missing on the server can be told apart from
      // a client that failed on its own
      List<String> ended = java.util.Collections.synchronizedList(new ArrayList<>());
      int threadsBefore = Thread.activeCount();
      for (int v = 0; v < VIEWERS; v++) {
        sockets.add(
            http.newWebSocketBuilder()
                .buildAsync(
                    URI.create("ws://127.0.0.1:" + d.port() + "/ws/wall"),
                    new WebSocket.Listener() {
                      @Override
                      public CompletionStage<?> onBinary(
                          WebSocket w, ByteBuffer data, boolean last) {
                        imageBytes.addAndGet(data.remaining());
                        if (last) {
                          images.incrementAndGet();
                        }
                        w.request(1);
                        return null;
                      }

                      @Override
                      public CompletionStage<?> onClose(WebSocket w, int status, String reason) {
                        ended.add("closed " + status + " " + reason);
                        return null;
                      }

                      @Override
                      public void onError(WebSocket w, Throwable error) {
                        ended.add("failed: " + error);
                      }
                    })
                .get(10, TimeUnit.SECONDS));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (d.viewers() < VIEWERS && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertEquals(VIEWERS, d.viewers(), () -> "viewers connected; clients ended: " + ended);
      Thread.sleep(1000); // the pushes in full swing
      long imagesBefore = images.get();
      double[] ms = new double[40];
      for (int i = 0; i < ms.length; i++) {
        long t0 = System.nanoTime();
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + d.port() + "/api/cameras"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        ms[i] = (System.nanoTime() - t0) / 1e6;
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("\"cam-3\""), r.body());
        Thread.sleep(50);
      }
      long pushed = images.get() - imagesBefore;
      Arrays.sort(ms);
      double median = ms[ms.length / 2];
      double max = ms[ms.length - 1];
      System.out.printf(
          "dashboard load: %d viewers, %d cameras at 10 fps; /api/cameras median %.1f ms, max %.1f"
              + " ms over %d calls; %d overlays (%.1f MB) pushed to the viewers meanwhile; threads"
              + " before viewers %d, with them %d%n",
          VIEWERS,
          CAMERAS,
          median,
          max,
          ms.length,
          pushed,
          imageBytes.get() / 1e6,
          threadsBefore,
          Thread.activeCount());
      assertTrue(pushed > VIEWERS, "overlays reached the viewers: " + pushed);
      assertTrue(
          median < 200, "/api/cameras median " + median + " ms with " + VIEWERS + " viewers");
      sockets.forEach(WebSocket::abort);
    } finally {
      cameras.shutdownNow();
    }
  }

  static Overlay overlay(String camera, long seq, byte[] jpeg) {
    return Overlay.newBuilder()
        .setCameraId(camera)
        .setSequence(seq)
        .setCaptureTimestampMs(System.currentTimeMillis())
        .setWidth(640)
        .setHeight(480)
        .setImage(ByteBuffer.wrap(jpeg))
        .setLabel("circle")
        .setScore(0.9f)
        .setLatencyMs(40)
        .build();
  }
}
