package dev.decomcam.sink;

import dev.decomcam.common.config.ConfigError;
import dev.decomcam.common.config.Settings;
import dev.decomcam.sink.render.OverlayRenderer;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Settings of the sink, validated when built.
 *
 * <p>Keys (defaults in brackets): {@code application.id} [decomcam-sink],
 * {@code bootstrap.servers} [127.0.0.1:9092], {@code topic.frames} [frames],
 * {@code topic.explanations} [explanations], {@code topic.overlays} [overlays],
 * {@code topic.deadletter} [dead-letter], {@code state.dir} [&lt;tmp&gt;/decomcam-sink-state],
 * {@code output.dir} [recordings], {@code record} [false], {@code fps} [10],
 * {@code jpeg.quality} [0.85], {@code pending.frames.max} [500 per camera],
 * {@code heatmap.alpha} [0.45], {@code components.max} [3], {@code component.threshold} [0.5];
 * {@code kafka.*} keys go to Kafka Streams and the recorder's consumer without the prefix.
 * Environment variables {@code DECOMCAM_SINK_<KEY>} (upper case, dots as underscores) and
 * overrides take precedence over a file; see {@link #load}.
 */
public record SinkConfig(
    String applicationId,
    String bootstrapServers,
    String framesTopic,
    String explanationsTopic,
    String overlaysTopic,
    String deadLetterTopic,
    Path stateDir,
    Path outputDir,
    boolean record,
    double fps,
    double jpegQuality,
    int maxPendingFrames,
    OverlayRenderer.Options render,
    int dashboardPort,
    Properties kafkaOverrides) {

  public static final String ENV_PREFIX = "DECOMCAM_SINK_";
  public static final String APPLICATION_ID = "application.id";
  public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
  public static final String TOPIC_FRAMES = "topic.frames";
  public static final String TOPIC_EXPLANATIONS = "topic.explanations";
  public static final String TOPIC_OVERLAYS = "topic.overlays";
  public static final String TOPIC_DEAD_LETTER = "topic.deadletter";
  public static final String STATE_DIR = "state.dir";
  public static final String OUTPUT_DIR = "output.dir";
  public static final String RECORD = "record";
  public static final String FPS = "fps";
  public static final String JPEG_QUALITY = "jpeg.quality";
  public static final String PENDING_FRAMES_MAX = "pending.frames.max";
  public static final String HEATMAP_ALPHA = "heatmap.alpha";
  public static final String COMPONENTS_MAX = "components.max";
  public static final String COMPONENT_THRESHOLD = "component.threshold";
  public static final String DASHBOARD_PORT = "dashboard.port";
  public static final String KAFKA_PREFIX = "kafka.";

  /** Builds and validates a config from merged properties; throws {@link ConfigError}. */
  public static SinkConfig from(Properties props) {
    Settings s = new Settings(props);
    SinkConfig c = new SinkConfig(
        s.name(APPLICATION_ID, "decomcam-sink"),
        s.name(BOOTSTRAP_SERVERS, "127.0.0.1:9092"),
        s.name(TOPIC_FRAMES, "frames"),
        s.name(TOPIC_EXPLANATIONS, "explanations"),
        s.name(TOPIC_OVERLAYS, "overlays"),
        s.name(TOPIC_DEAD_LETTER, "dead-letter"),
        Path.of(s.string(STATE_DIR, Path.of(System.getProperty("java.io.tmpdir"), "decomcam-sink-state").toString())),
        Path.of(s.string(OUTPUT_DIR, "recordings")),
        s.bool(RECORD, false),
        s.doubleIn(FPS, 10, 1, 240),
        s.doubleIn(JPEG_QUALITY, 0.85, 0.05, 1.0),
        s.intIn(PENDING_FRAMES_MAX, 500, 1, 1_000_000),
        new OverlayRenderer.Options(
            s.doubleIn(HEATMAP_ALPHA, 0.45, 0, 1),
            s.intIn(COMPONENTS_MAX, 3, 0, 64),
            s.doubleIn(COMPONENT_THRESHOLD, 0.5, 0.01, 0.99)),
        s.intIn(DASHBOARD_PORT, 0, 0, 65535),
        s.withPrefix(KAFKA_PREFIX));
    List<String> topics = List.of(c.framesTopic, c.explanationsTopic, c.overlaysTopic, c.deadLetterTopic);
    if (new HashSet<>(topics).size() != topics.size()) {
      throw new ConfigError("config keys topic.frames, topic.explanations, topic.overlays, topic.deadletter = "
          + topics + " repeat a name: give each topic its own name");
    }
    s.rejectUnknown(KAFKA_PREFIX);
    return c;
  }

  /**
   * Loads a config from an optional properties file (null = none), environment variables with
   * {@link #ENV_PREFIX} and explicit overrides (e.g. CLI flags), later sources winning.
   */
  public static SinkConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
    return from(Settings.merge(file, ENV_PREFIX, env, overrides));
  }
}
