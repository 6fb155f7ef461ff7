package dev.decomcam.ingest;

import dev.decomcam.common.image.JpegCodec;
import dev.decomcam.common.config.Settings;
import dev.decomcam.common.config.ConfigError;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Settings of one ingest process (one camera), validated when built.
 *
 * <p>Keys (defaults in brackets): {@code bootstrap.servers} [127.0.0.1:9092],
 * {@code topic.frames} [frames], {@code camera.id} [cam-0], {@code source} (required: file
 * path, URL or /dev/videoN), {@code pacing} [realtime | fast], {@code sample.every} [1],
 * {@code loop} [false], {@code max.frames} [0 = no limit], {@code jpeg.quality} [0.85],
 * {@code max.width} / {@code max.height} [0 = keep size], {@code timeout.ms} [10000, network
 * read/connect timeout]; {@code kafka.*} keys go to the producer without the prefix.
 * Environment variables {@code DECOMCAM_INGEST_<KEY>} (upper case, dots as underscores) and
 * overrides take precedence over a file; see {@link #load}.
 */
public record IngestConfig(
    String bootstrapServers,
    String topic,
    String cameraId,
    String source,
    Pacer.Mode pacing,
    int sampleEvery,
    boolean loop,
    long maxFrames,
    double jpegQuality,
    int maxWidth,
    int maxHeight,
    Duration timeout,
    Properties producerOverrides) {

  public static final String ENV_PREFIX = "DECOMCAM_INGEST_";
  public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
  public static final String TOPIC = "topic.frames";
  public static final String CAMERA_ID = "camera.id";
  public static final String SOURCE = "source";
  public static final String PACING = "pacing";
  public static final String SAMPLE_EVERY = "sample.every";
  public static final String LOOP = "loop";
  public static final String MAX_FRAMES = "max.frames";
  public static final String JPEG_QUALITY = "jpeg.quality";
  public static final String MAX_WIDTH = "max.width";
  public static final String MAX_HEIGHT = "max.height";
  public static final String TIMEOUT_MS = "timeout.ms";
  public static final String KAFKA_PREFIX = "kafka.";

  /** Builds and validates a config from merged properties; throws {@link ConfigError}. */
  public static IngestConfig from(Properties props) {
    Settings s = new Settings(props);
    IngestConfig c = new IngestConfig(
        s.name(BOOTSTRAP_SERVERS, "127.0.0.1:9092"),
        s.name(TOPIC, "frames"),
        s.name(CAMERA_ID, "cam-0"),
        s.required(SOURCE, "set source=<video file, rtsp://... URL or /dev/videoN>"),
        Pacer.Mode.valueOf(s.choice(PACING, "realtime", Set.of("realtime", "fast")).toUpperCase()),
        s.intIn(SAMPLE_EVERY, 1, 1, 1_000_000),
        s.bool(LOOP, false),
        s.intIn(MAX_FRAMES, 0, 0, Integer.MAX_VALUE),
        s.doubleIn(JPEG_QUALITY, 0.85, 0.05, 1.0),
        s.intIn(MAX_WIDTH, 0, 0, 16384),
        s.intIn(MAX_HEIGHT, 0, 0, 16384),
        Duration.ofMillis(s.intIn(TIMEOUT_MS, 10_000, 100, 3_600_000)),
        s.withPrefix(KAFKA_PREFIX));
    s.rejectUnknown(KAFKA_PREFIX);
    return c;
  }

  /**
   * Loads a config from an optional properties file (null = none), environment variables with
   * {@link #ENV_PREFIX} and explicit overrides (e.g. CLI flags), later sources winning.
   */
  public static IngestConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
    return from(Settings.merge(file, ENV_PREFIX, env, overrides));
  }

  /** Producer properties: the defaults of {@link FramePublisher} plus {@code kafka.*} overrides. */
  public Properties producerProperties() {
    return FramePublisher.producerProperties(bootstrapServers, cameraId, producerOverrides);
  }

  public FrameStream.Options streamOptions() {
    return new FrameStream.Options(sampleEvery, loop, maxFrames);
  }

  public JpegCodec jpegCodec() {
    return new JpegCodec(jpegQuality, maxWidth, maxHeight);
  }
}
