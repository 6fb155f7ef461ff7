package dev.decomcam.common.metrics;

import dev.decomcam.common.auth.BearerToken;
import dev.decomcam.common.config.ConfigDef.Setting;

/**
 * The settings of a service's Prometheus endpoint, the same for ingest, explain-processor and sink:
 * where {@code /metrics} is served, how long a silent camera's series are kept, and the token a
 * scrape must present. Each service's config defines them from here.
 */
public final class MetricsSettings {
  public static final String PORT = "metrics.port";
  public static final String IDLE_SECONDS = "metrics.idle.seconds";
  public static final String TOKEN = "metrics.token";

  private MetricsSettings() {}

  public static Setting port() {
    return Setting.integer(
        PORT, 0, 0, 65535, "serve Prometheus metrics on 127.0.0.1:PORT; 0 = off");
  }

  public static Setting idleSeconds() {
    return Setting.integer(
        IDLE_SECONDS,
        300,
        1,
        86_400,
        "a camera's metric series are dropped after it has been silent this long");
  }

  public static Setting token() {
    return BearerToken.setting(
        TOKEN, "bearer token every /metrics request needs (Authorization: Bearer); unset = none");
  }
}
