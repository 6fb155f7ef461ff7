package dev.decomcam.sink.web;

import com.google.gson.JsonObject;
import dev.decomcam.schemas.Overlay;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsErrorContext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.api.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes the board to the browsers over WebSocket from one timer thread: a viewer holds no thread,
 * only its socket. Every tick each viewer gets what changed since its last tick (newest overlay per
 * camera, not every one in between), and a viewer whose previous messages are still being written
 * (a slow browser) is skipped, so it never piles up memory or holds others back.
 *
 * <p>Binary messages carry an image: a 2-byte big-endian length, the camera id in UTF-8, the JPEG.
 * Text messages are JSON with a {@code type}: {@code cameras} (the wall's numbers), {@code
 * explained} (a camera page's newest explanation and components, followed by the raw frame) and
 * {@code summary} (a camera page's numbers).
 */
final class Pusher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Pusher.class);

  /** How often the numbers are sent when no image changed. */
  static final long SUMMARY_NANOS = 500_000_000L;

  private final CameraBoard board;
  private final Map<String, Viewer> viewers = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer;
  private final AtomicLong skippedTicks = new AtomicLong();

  /** One open page: the wall (camera null) or a camera's page. */
  private static final class Viewer {
    final WsContext ctx;
    final String camera;
    final Map<String, Long> sent = new HashMap<>();
    final AtomicInteger inflight = new AtomicInteger();
    long summaryNanos;

    Viewer(WsContext ctx, String camera) {
      this.ctx = ctx;
      this.camera = camera;
    }
  }

  Pusher(CameraBoard board, long tickMillis) {
    this.board = board;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "decomcam-dashboard-push");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(this::tick, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
  }

  void add(WsContext ctx, String camera) {
    viewers.put(ctx.sessionId(), new Viewer(ctx, camera));
  }

  void remove(WsContext ctx) {
    viewers.remove(ctx.sessionId());
  }

  /**
   * Drops a viewer whose connection failed. A viewer gone from the network (its connection reset or
   * closed) is routine, logged at debug level; a failure on a connection still open is the
   * server's, and says why at info.
   */
  void failed(WsErrorContext ctx) {
    if (viewers.remove(ctx.sessionId()) != null) {
      if (ctx.session.isOpen()) {
        LOG.info("dashboard viewer dropped: {}", String.valueOf(ctx.error()));
      } else {
        LOG.debug("dashboard viewer gone: {}", String.valueOf(ctx.error()));
      }
    }
  }

  int viewers() {
    return viewers.size();
  }

  /** Ticks on which a viewer was skipped because its earlier messages were still being written. */
  long skippedTicks() {
    return skippedTicks.get();
  }

  private void tick() {
    try {
      board.expire();
      long now = board.now();
      JsonObject wall = null;
      for (Viewer v : viewers.values()) {
        if (!v.ctx.session.isOpen()) {
          viewers.remove(v.ctx.sessionId());
          continue;
        }
        if (v.inflight.get() > 0) {
          skippedTicks.incrementAndGet();
          continue;
        }
        if (v.camera == null) {
          if (wall == null) {
            wall = DashboardJson.cameras(board);
          }
          pushWall(v, wall, now);
        } else {
          pushCamera(v, now);
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("dashboard push failed: {}", e.toString(), e);
    }
  }

  private void pushWall(Viewer v, JsonObject wall, long now) {
    boolean changed = false;
    Map<String, Long> seen = new HashMap<>();
    for (CameraState c : board.cameras()) {
      long version = c.overlayVersion();
      seen.put(c.id(), version);
      Overlay o = c.overlay();
      if (o != null && !Long.valueOf(version).equals(v.sent.get(c.id()))) {
        changed = true;
        binary(v, c.id(), o.getImage());
      }
    }
    v.sent.clear();
    v.sent.putAll(seen); // cameras that expired are forgotten here too
    if (changed || now - v.summaryNanos > SUMMARY_NANOS) {
      JsonObject msg = new JsonObject();
      msg.addProperty("type", "cameras");
      msg.add("cameras", wall);
      text(v, msg);
      v.summaryNanos = now;
    }
  }

  private void pushCamera(Viewer v, long now) {
    CameraState c = board.get(v.camera);
    JsonObject msg = new JsonObject();
    if (c == null) {
      if (now - v.summaryNanos > SUMMARY_NANOS) {
        msg.addProperty("type", "unknown");
        msg.addProperty("camera", v.camera);
        text(v, msg);
        v.summaryNanos = now;
      }
      return;
    }
    long version = c.explainedVersion();
    CameraState.Explained x = c.explained();
    if (x != null && !Long.valueOf(version).equals(v.sent.get(c.id()))) {
      v.sent.put(c.id(), version);
      msg.addProperty("type", "explained");
      msg.add("summary", DashboardJson.summary(c, now));
      msg.add("explained", DashboardJson.explained(x));
      msg.add("components", DashboardJson.components(c).get("components"));
      text(v, msg);
      if (x.frame() != null) {
        binary(v, c.id(), ByteBuffer.wrap(x.frame().image()));
      }
      v.summaryNanos = now;
    } else if (now - v.summaryNanos > SUMMARY_NANOS) {
      msg.addProperty("type", "summary");
      msg.add("summary", DashboardJson.summary(c, now));
      text(v, msg);
      v.summaryNanos = now;
    }
  }

  private void text(Viewer v, JsonObject msg) {
    v.inflight.incrementAndGet();
    v.ctx.session.sendText(DashboardJson.GSON.toJson(msg), done(v));
  }

  private void binary(Viewer v, String camera, ByteBuffer image) {
    byte[] id = camera.getBytes(StandardCharsets.UTF_8);
    if (id.length > 0xffff) {
      return; // such an id cannot be framed; the wall shows its numbers only
    }
    ByteBuffer img = image.duplicate();
    ByteBuffer msg = ByteBuffer.allocate(2 + id.length + img.remaining());
    msg.putShort((short) id.length).put(id).put(img).flip();
    v.inflight.incrementAndGet();
    v.ctx.session.sendBinary(msg, done(v));
  }

  private static Callback done(Viewer v) {
    return Callback.from(v.inflight::decrementAndGet, t -> v.inflight.decrementAndGet());
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
