package dev.decomcam.sink.web;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.decomcam.schemas.Overlay;
import dev.decomcam.sink.feed.OverlayListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The live dashboard: the newest overlay of every camera, in a browser, on the loopback interface.
 * Fed by an {@link dev.decomcam.sink.feed.OverlayFeed}; keeps only the latest overlay per camera,
 * so a slow browser never holds the stream back.
 *
 * <ul>
 *   <li>{@code /} a page with one live view per camera (label, score, latency)
 *   <li>{@code /stream/CAMERA} MJPEG ({@code multipart/x-mixed-replace}) of the camera's overlays
 *   <li>{@code /snapshot/CAMERA.jpg} the latest overlay
 *   <li>{@code /api/cameras} JSON: per camera sequence, label, score, latency and render time
 * </ul>
 */
public final class Dashboard implements OverlayListener {
  private static final Gson JSON = new GsonBuilder().disableHtmlEscaping().create();

  private final Map<String, Overlay> latest = new ConcurrentHashMap<>();
  private final HttpServer server;
  private final ExecutorService pool;
  private volatile boolean open = true;

  /** Serves on 127.0.0.1:{@code port} (0 = any free port; see {@link #port()}). */
  public Dashboard(int port) {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "dashboard cannot listen on 127.0.0.1:"
              + port
              + " ("
              + e.getMessage()
              + "): choose a free port with dashboard.port");
    }
    // one thread per open MJPEG stream, bounded: browsers hold streams open
    pool =
        Executors.newFixedThreadPool(
            8,
            r -> {
              Thread t = new Thread(r, "decomcam-dashboard");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(pool);
    server.createContext("/", this::page);
    server.createContext("/api/cameras", this::cameras);
    server.createContext("/snapshot/", this::snapshot);
    server.createContext("/stream/", this::stream);
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void onOverlay(Overlay overlay) {
    latest.put(overlay.getCameraId(), overlay);
  }

  @Override
  public void close() {
    open = false;
    server.stop(0);
    pool.shutdownNow();
  }

  private void page(HttpExchange x) throws IOException {
    if (!x.getRequestURI().getPath().equals("/")) {
      send(x, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
      return;
    }
    try (InputStream in = Dashboard.class.getResourceAsStream("dashboard.html")) {
      send(x, 200, "text/html; charset=utf-8", in.readAllBytes());
    }
  }

  /**
   * Built with Gson: camera ids and labels come from records and may hold quotes, backslashes or
   * control characters, which hand-made JSON broke on.
   */
  private void cameras(HttpExchange x) throws IOException {
    JsonObject json = new JsonObject();
    new TreeMap<>(latest)
        .forEach(
            (camera, o) -> {
              JsonObject c = new JsonObject();
              c.addProperty("sequence", o.getSequence());
              c.addProperty("label", o.getLabel());
              c.addProperty("score", Math.round(o.getScore() * 1e4) / 1e4);
              c.addProperty("latencyMs", o.getLatencyMs());
              c.addProperty("renderMs", Math.round(o.getRenderMs() * 1e2) / 1e2);
              json.add(camera, c);
            });
    send(x, 200, "application/json", JSON.toJson(json).getBytes(StandardCharsets.UTF_8));
  }

  private void snapshot(HttpExchange x) throws IOException {
    String camera = camera(x, "/snapshot/").replaceFirst("\\.jpg$", "");
    Overlay o = latest.get(camera);
    if (o == null) {
      send(
          x,
          404,
          "text/plain",
          ("no overlay yet for camera " + camera).getBytes(StandardCharsets.UTF_8));
      return;
    }
    send(x, 200, "image/jpeg", jpeg(o));
  }

  private void stream(HttpExchange x) throws IOException {
    String camera = camera(x, "/stream/");
    x.getResponseHeaders().set("Content-Type", "multipart/x-mixed-replace; boundary=frame");
    x.getResponseHeaders().set("Cache-Control", "no-cache");
    x.sendResponseHeaders(200, 0);
    long lastSequence = Long.MIN_VALUE;
    try (OutputStream out = x.getResponseBody()) {
      while (open) {
        Overlay o = latest.get(camera);
        if (o != null && o.getSequence() != lastSequence) {
          byte[] img = jpeg(o);
          out.write(
              ("--frame\r\nContent-Type: image/jpeg\r\nContent-Length: " + img.length + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
          out.write(img);
          out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
          lastSequence = o.getSequence();
        }
        Thread.sleep(20);
      }
    } catch (IOException e) {
      // the browser went away
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String camera(HttpExchange x, String prefix) {
    return URLDecoder.decode(
        x.getRequestURI().getPath().substring(prefix.length()), StandardCharsets.UTF_8);
  }

  private static byte[] jpeg(Overlay o) {
    ByteBuffer b = o.getImage().duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  private static void send(HttpExchange x, int status, String type, byte[] body)
      throws IOException {
    x.getResponseHeaders().set("Content-Type", type);
    x.sendResponseHeaders(status, body.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(body);
    }
  }
}
