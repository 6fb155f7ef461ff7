package dev.decomcam.sink.web;

import dev.decomcam.common.auth.BearerToken;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;

/**
 * The dashboard's optional bearer token ({@code dashboard.token}), checked before every request:
 * pages, static files, the JSON API and the WebSocket upgrades. A client presents it as {@code
 * Authorization: Bearer TOKEN} (scripts, curl) or, a browser, once as {@code ?token=TOKEN} in the
 * address: the answer then sets it as an HttpOnly, SameSite=Strict session cookie that the page's
 * own requests and WebSockets carry from then on (page scripts never see it). Anything else is
 * answered 401 with a one-line reason.
 */
final class DashboardAuth {
  /** The cookie that carries the token after a browser presented it once. */
  static final String COOKIE = "decomcam_token";

  /** The query parameter a browser presents the token in once. */
  static final String QUERY = "token";

  static final String REASON =
      "dashboard: bearer token missing or wrong: send 'Authorization: Bearer TOKEN', or open the"
          + " page once with ?token=TOKEN (the sink's dashboard.token)";

  private final BearerToken token;

  DashboardAuth(BearerToken token) {
    this.token = token;
  }

  /** Lets the request through, or answers it 401 and skips every other handler. */
  void check(Context ctx) {
    String presented = ctx.queryParam(QUERY);
    if (token.matches(presented)) {
      ctx.cookie(new Cookie(COOKIE, presented, "/", -1, false, true, null, SameSite.STRICT));
      return;
    }
    if (token.authorizes(ctx.header("Authorization")) || token.matches(ctx.cookie(COOKIE))) {
      return;
    }
    ctx.status(401)
        .header("WWW-Authenticate", "Bearer realm=\"decomcam\"")
        .contentType("text/plain; charset=utf-8")
        .result(REASON + "\n");
    ctx.skipRemainingHandlers();
  }
}
