package dev.decomcam.sink.web;

import com.google.gson.JsonElement;
import dev.decomcam.common.auth.BearerToken;
import dev.decomcam.schemas.Overlay;
import dev.decomcam.sink.feed.OverlayListener;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.javalin.websocket.WsConfig;
import java.nio.ByteBuffer;
import java.util.function.Function;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The live dashboard, served by Javalin (Jetty 12) on {@code host:port}: plain HTML, JavaScript and
 * CSS from the class path (no build step), a JSON API, and WebSocket push.
 *
 * <ul>
 *   <li>{@code /} the camera wall: every camera's newest overlay, numbers and health dot
 *   <li>{@code /camera.html?id=CAMERA} one camera: the explained frame with heatmap and component
 *       outlines drawn by the browser, the component list and the timeline
 *   <li>{@code /api/cameras}, {@code /api/cameras/{id}}, {@code /api/cameras/{id}/components},
 *       {@code /api/cameras/{id}/timeline} JSON (see the README)
 *   <li>{@code /api/cameras/{id}/frame.jpg} the newest explained raw frame; {@code
 *       /snapshot/{id}.jpg} the newest overlay
 *   <li>{@code /ws/wall}, {@code /ws/camera?id=CAMERA} the pushes (see {@link Pusher})
 * </ul>
 *
 * With a {@code dashboard.token} every request needs it ({@link DashboardAuth}).
 *
 * <p>Overlays arrive through {@link #onOverlay} (the sink's overlay feed); frames, explanations and
 * component events through a {@link DetailFeed} on the same {@link CameraBoard}.
 */
public final class Dashboard implements OverlayListener {
  /** How often viewers are pushed what changed. */
  static final long TICK_MILLIS = 100;

  private final CameraBoard board;
  private final Pusher pusher;
  private final Javalin app;
  private final String host;

  /** On 127.0.0.1:{@code port} (0 = any free port) with default bounds; for tests. */
  public Dashboard(int port) {
    this("127.0.0.1", port, new CameraBoard(64, 300_000_000_000L));
  }

  /** Serves {@code board} on {@code host:port} (port 0 = any free port; see {@link #port()}). */
  public Dashboard(String host, int port, CameraBoard board) {
    this(host, port, board, null);
  }

  /**
   * Serves {@code board} on {@code host:port}, every request needing {@code token} (see {@link
   * DashboardAuth}); null: open to whoever reaches the address.
   */
  public Dashboard(String host, int port, CameraBoard board, BearerToken token) {
    this.board = board;
    this.host = host;
    this.pusher = new Pusher(board, TICK_MILLIS);
    QueuedThreadPool threads = new QueuedThreadPool(32, 2, 60_000);
    threads.setName("decomcam-dashboard");
    threads.setDaemon(true);
    app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.startup.showOldJavalinVersionWarning = false;
              config.jetty.threadPool = threads;
              // camera ids may hold '/', sent as %2F inside /api/cameras/{id}
              config.jetty.modifyHttpConfiguration(
                  http ->
                      http.setUriCompliance(
                          UriCompliance.DEFAULT.with(
                              "camera ids",
                              UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR,
                              UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING)));
              config.jetty.modifyServletContextHandler(
                  h -> h.getServletHandler().setDecodeAmbiguousURIs(true));
              if (token != null) {
                DashboardAuth auth = new DashboardAuth(token);
                config.routes.before(auth::check);
                config.routes.wsBeforeUpgrade(auth::check);
              }
              config.staticFiles.add(
                  s -> {
                    s.hostedPath = "/";
                    s.directory = "/dev/decomcam/sink/web/static";
                    s.location = Location.CLASSPATH;
                    s.headers = java.util.Map.of("Cache-Control", "no-cache");
                  });
              config.routes.get("/api/cameras", ctx -> json(ctx, DashboardJson.cameras(board)));
              config.routes.get(
                  "/api/cameras/{id}",
                  ctx -> camera(ctx, c -> DashboardJson.camera(c, board.now())));
              config.routes.get(
                  "/api/cameras/{id}/components", ctx -> camera(ctx, DashboardJson::components));
              config.routes.get(
                  "/api/cameras/{id}/timeline", ctx -> camera(ctx, DashboardJson::timeline));
              config.routes.get("/api/cameras/{id}/frame.jpg", this::frame);
              config.routes.get("/snapshot/{file}", this::snapshot);
              config.routes.ws("/ws/wall", ws -> viewer(ws, false));
              config.routes.ws("/ws/camera", ws -> viewer(ws, true));
            });
    try {
      app.start(host, port);
    } catch (RuntimeException e) {
      pusher.close();
      throw new IllegalArgumentException(
          "dashboard cannot listen on "
              + host
              + ":"
              + port
              + " ("
              + e.getMessage()
              + "): choose a free port with dashboard.port",
          e);
    }
  }

  public int port() {
    return app.port();
  }

  public String host() {
    return host;
  }

  public CameraBoard board() {
    return board;
  }

  /** Open WebSocket viewers. */
  public int viewers() {
    return pusher.viewers();
  }

  @Override
  public void onOverlay(Overlay overlay) {
    board.onOverlay(overlay);
  }

  @Override
  public void close() {
    pusher.close();
    app.stop();
  }

  private void viewer(WsConfig ws, boolean camera) {
    ws.onConnect(
        ctx -> {
          String id = camera ? ctx.queryParam("id") : null;
          if (camera && id == null) {
            ctx.closeSession(1008, "give the camera as ?id=CAMERA");
            return;
          }
          ctx.session.setIdleTimeout(java.time.Duration.ZERO);
          pusher.add(ctx, id);
        });
    ws.onClose(pusher::remove);
    ws.onError(pusher::failed);
  }

  private static void json(Context ctx, JsonElement json) {
    ctx.contentType("application/json").result(DashboardJson.GSON.toJson(json));
  }

  private void camera(Context ctx, Function<CameraState, JsonElement> view) {
    CameraState c = board.get(ctx.pathParam("id"));
    if (c == null) {
      ctx.status(404).contentType("text/plain").result("no such camera: " + ctx.pathParam("id"));
      return;
    }
    json(ctx, view.apply(c));
  }

  private void frame(Context ctx) {
    CameraState c = board.get(ctx.pathParam("id"));
    CameraState.Explained x = c == null ? null : c.explained();
    if (x == null || x.frame() == null) {
      ctx.status(404).contentType("text/plain").result("no explained frame yet");
      return;
    }
    ctx.contentType("image/jpeg").result(x.frame().image());
  }

  private void snapshot(Context ctx) {
    String camera = ctx.pathParam("file").replaceFirst("\\.jpg$", "");
    CameraState c = board.get(camera);
    Overlay o = c == null ? null : c.overlay();
    if (o == null) {
      ctx.status(404).contentType("text/plain").result("no overlay yet for camera " + camera);
      return;
    }
    ByteBuffer b = o.getImage().duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    ctx.contentType("image/jpeg").result(out);
  }
}
