package dev.decomcam.ingest;

import dev.decomcam.common.auth.BearerToken;
import dev.decomcam.common.config.ConfigDef;
import dev.decomcam.common.config.ConfigDef.Setting;
import dev.decomcam.common.config.ConfigError;
import dev.decomcam.common.config.Settings;
import dev.decomcam.common.image.JpegCodec;
import dev.decomcam.common.metrics.MetricsSettings;
import dev.decomcam.schemas.serde.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Settings of one ingest process (one camera), validated when built. Every key is declared once in
 * {@link #DEF} (default, valid values, meaning); {@code kafka.*} keys go to the producer without
 * the prefix. Environment variables {@code DECOMCAM_INGEST_<KEY>} (upper case, dots as underscores)
 * and overrides take precedence over a file; see {@link #load}.
 */
public record IngestConfig(
    String bootstrapServers,
    String topic,
    String cameraId,
    String source,
    Pacer.Mode pacing,
    LiveMode live,
    int sampleEvery,
    boolean loop,
    long maxFrames,
    long fromMicros,
    long toMicros,
    double jpegQuality,
    int maxWidth,
    int maxHeight,
    Duration timeout,
    ReconnectPolicy reconnect,
    int metricsPort,
    int metricsIdleSeconds,
    BearerToken metricsToken,
    Properties producerOverrides) {

  public static final String ENV_PREFIX = "DECOMCAM_INGEST_";
  public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
  public static final String TOPIC = "topic.frames";
  public static final String CAMERA_ID = "camera.id";
  public static final String SOURCE = "source";
  public static final String PACING = "pacing";
  public static final String LIVE = "live";
  public static final String SAMPLE_EVERY = "sample.every";
  public static final String LOOP = "loop";
  public static final String MAX_FRAMES = "max.frames";
  public static final String FROM = "from";
  public static final String TO = "to";
  public static final String JPEG_QUALITY = "jpeg.quality";
  public static final String MAX_WIDTH = "max.width";
  public static final String MAX_HEIGHT = "max.height";
  public static final String TIMEOUT_MS = "timeout.ms";
  public static final String RECONNECT = "reconnect";
  public static final String RECONNECT_INITIAL_MS = "reconnect.initial.ms";
  public static final String RECONNECT_MAX_MS = "reconnect.max.ms";
  public static final String RECONNECT_ATTEMPTS = "reconnect.attempts";
  public static final String STALL_TIMEOUT_MS = "stall.timeout.ms";
  public static final String METRICS_PORT = MetricsSettings.PORT;
  public static final String METRICS_IDLE_SECONDS = MetricsSettings.IDLE_SECONDS;
  public static final String METRICS_TOKEN = MetricsSettings.TOKEN;
  public static final String KAFKA_PREFIX = "kafka.";

  /**
   * Every setting of an ingest process: key, default, valid values and meaning (for --help and the
   * README).
   */
  public static final ConfigDef DEF =
      new ConfigDef(ENV_PREFIX)
          .define(
              Setting.required(
                  SOURCE,
                  "set source=<video file, rtsp://... URL or /dev/videoN>",
                  "video file, rtsp:// or http(s):// URL, or /dev/videoN"))
          .define(Setting.id(CAMERA_ID, "cam-0", "camera id: the key of the published frames"))
          .define(
              Setting.id(
                  BOOTSTRAP_SERVERS, "127.0.0.1:9092", "Kafka brokers, host:port[,host:port...]"))
          .define(Setting.id(TOPIC, Topics.FRAMES.name(), "topic the frames are published to"))
          .define(
              Setting.choice(
                  PACING,
                  "realtime",
                  "realtime: by presentation timestamps; fast: as fast as the broker takes them",
                  "realtime",
                  "fast"))
          .define(
              Setting.choice(
                  LIVE,
                  "auto",
                  "stamp frames live: the processor may skip stale ones under overload to stay"
                      + " current; auto = live for URLs, devices and realtime pacing, not for files"
                      + " with fast pacing",
                  LiveMode.CHOICES))
          .define(Setting.integer(SAMPLE_EVERY, 1, 1, 1_000_000, "publish every Nth frame"))
          .define(Setting.bool(LOOP, false, "replay a file forever"))
          .define(
              Setting.integer(
                  MAX_FRAMES,
                  0,
                  0,
                  Integer.MAX_VALUE,
                  "stop after N published frames; 0 = no limit"))
          .define(
              Setting.parsed(
                  FROM,
                  0L,
                  "start",
                  "seconds or [hh:]mm:ss[.fff]",
                  IngestConfig::parseOffset,
                  "a file starts at this time of it (seeked to)"))
          .define(
              Setting.parsed(
                  TO,
                  0L,
                  "end",
                  "seconds or [hh:]mm:ss[.fff]",
                  IngestConfig::parseOffset,
                  "a file ends before this time of it"))
          .define(
              Setting.number(JPEG_QUALITY, 0.85, 0.05, 1.0, "JPEG quality of the published frames"))
          .define(
              Setting.integer(
                  MAX_WIDTH, 0, 0, 16384, "downscale wider frames, keeping the aspect; 0 = keep"))
          .define(
              Setting.integer(
                  MAX_HEIGHT, 0, 0, 16384, "downscale taller frames, keeping the aspect; 0 = keep"))
          .define(
              Setting.integer(
                  TIMEOUT_MS, 10_000, 100, 3_600_000, "network read/connect timeout for URLs"))
          .define(
              Setting.bool(
                  RECONNECT,
                  true,
                  "reopen a URL or device that ends, breaks or stalls (files are never reopened)"))
          .define(
              Setting.integer(
                  RECONNECT_INITIAL_MS,
                  500,
                  10,
                  3_600_000,
                  "wait before the first reconnect try; each later try waits twice as long"))
          .define(
              Setting.integer(
                  RECONNECT_MAX_MS, 30_000, 10, 3_600_000, "longest wait between reconnect tries"))
          .define(
              Setting.integer(
                  RECONNECT_ATTEMPTS,
                  0,
                  0,
                  Integer.MAX_VALUE,
                  "reconnect tries per outage before the stream ends with an error; 0 = unlimited"))
          .define(
              Setting.integer(
                  STALL_TIMEOUT_MS,
                  10_000,
                  100,
                  3_600_000,
                  "a URL or device that delivers no frame for this long is lost and reconnected"))
          .define(MetricsSettings.port())
          .define(MetricsSettings.idleSeconds())
          .define(MetricsSettings.token())
          .passThrough(KAFKA_PREFIX, "any producer setting, without the prefix");

  /** Builds and validates a config from merged properties; throws {@link ConfigError}. */
  public static IngestConfig from(Properties props) {
    ConfigDef.Values v = DEF.parse(props);
    long from = v.get(FROM, Long.class);
    long to = v.get(TO, Long.class);
    if (to > 0 && to <= from) {
      throw new ConfigError(
          TO
              + " = "
              + to / 1e6
              + " s is not after "
              + FROM
              + " = "
              + from / 1e6
              + " s: set a later "
              + TO);
    }
    if ((from > 0 || to > 0) && v.bool(LOOP)) {
      throw new ConfigError(
          FROM
              + "/"
              + TO
              + " with "
              + LOOP
              + "=true: a range is read once; set "
              + LOOP
              + "=false");
    }
    return new IngestConfig(
        v.string(BOOTSTRAP_SERVERS),
        v.string(TOPIC),
        v.string(CAMERA_ID),
        v.string(SOURCE),
        Pacer.Mode.valueOf(v.string(PACING).toUpperCase(Locale.ROOT)),
        LiveMode.parse(v.string(LIVE)),
        v.integer(SAMPLE_EVERY),
        v.bool(LOOP),
        v.integer(MAX_FRAMES),
        v.get(FROM, Long.class),
        v.get(TO, Long.class),
        v.number(JPEG_QUALITY),
        v.integer(MAX_WIDTH),
        v.integer(MAX_HEIGHT),
        Duration.ofMillis(v.integer(TIMEOUT_MS)),
        reconnectPolicy(v),
        v.integer(METRICS_PORT),
        v.integer(METRICS_IDLE_SECONDS),
        v.get(METRICS_TOKEN, BearerToken.class),
        v.withPrefix(KAFKA_PREFIX));
  }

  /**
   * A time within a file, in microseconds: seconds ({@code 90}, {@code 12.5}) or {@code mm:ss} /
   * {@code hh:mm:ss}, each with optional fractions of a second.
   */
  static long parseOffset(String key, String value) {
    String[] parts = value.strip().split(":", -1);
    try {
      if (parts.length > 3) {
        throw new NumberFormatException();
      }
      double seconds = 0;
      for (int i = 0; i < parts.length; i++) {
        boolean last = i == parts.length - 1;
        double part = last ? Double.parseDouble(parts[i]) : Long.parseLong(parts[i]);
        if (part < 0 || (i > 0 && part >= 60) || !Double.isFinite(part)) {
          throw new NumberFormatException();
        }
        seconds = seconds * 60 + part;
      }
      return Math.round(seconds * 1e6);
    } catch (NumberFormatException e) {
      throw new ConfigError(
          "config key '"
              + key
              + "' = '"
              + value
              + "' is not a time of the file: give seconds (90, 12.5) or [hh:]mm:ss[.fff]");
    }
  }

  private static ReconnectPolicy reconnectPolicy(ConfigDef.Values v) {
    int initial = v.integer(RECONNECT_INITIAL_MS);
    int max = v.integer(RECONNECT_MAX_MS);
    if (max < initial) {
      throw new ConfigError(
          RECONNECT_MAX_MS
              + " = "
              + max
              + " is below "
              + RECONNECT_INITIAL_MS
              + " = "
              + initial
              + ": set "
              + RECONNECT_MAX_MS
              + " >= "
              + RECONNECT_INITIAL_MS);
    }
    return new ReconnectPolicy(
        v.bool(RECONNECT),
        Duration.ofMillis(initial),
        Duration.ofMillis(max),
        v.integer(RECONNECT_ATTEMPTS),
        Duration.ofMillis(v.integer(STALL_TIMEOUT_MS)));
  }

  /**
   * Loads a config from an optional properties file (null = none), environment variables with
   * {@link #ENV_PREFIX} and explicit overrides (e.g. CLI flags), later sources winning.
   */
  public static IngestConfig load(
      Path file, Map<String, String> env, Map<String, String> overrides) {
    return from(Settings.merge(file, ENV_PREFIX, env, overrides));
  }

  /** Producer properties: the defaults of {@link FramePublisher} plus {@code kafka.*} overrides. */
  public Properties producerProperties() {
    return FramePublisher.producerProperties(bootstrapServers, cameraId, producerOverrides);
  }

  /**
   * Whether this camera's frames are stamped live, for a source of {@code kind} (see {@link
   * LiveMode}).
   */
  public boolean liveFor(VideoSource.Kind kind) {
    return live.resolve(kind, pacing);
  }

  public FrameStream.Options streamOptions() {
    return new FrameStream.Options(sampleEvery, loop, maxFrames, fromMicros, toMicros);
  }

  public JpegCodec jpegCodec() {
    return new JpegCodec(jpegQuality, maxWidth, maxHeight);
  }
}
