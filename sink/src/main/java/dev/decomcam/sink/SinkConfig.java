package dev.decomcam.sink;

import dev.decomcam.common.auth.BearerToken;
import dev.decomcam.common.config.ConfigDef;
import dev.decomcam.common.config.ConfigDef.Setting;
import dev.decomcam.common.config.ConfigError;
import dev.decomcam.common.config.DistinctNames;
import dev.decomcam.common.config.Settings;
import dev.decomcam.common.image.PixelLimit;
import dev.decomcam.common.kafka.CameraCap;
import dev.decomcam.common.metrics.MetricsSettings;
import dev.decomcam.schemas.serde.Topics;
import dev.decomcam.sink.live.CatchUp;
import dev.decomcam.sink.record.Segments;
import dev.decomcam.sink.render.OverlayRenderer;
import dev.decomcam.sink.topology.SinkTopology;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Settings of the sink, validated when built. Every key is declared once in {@link #DEF} (default,
 * valid values, meaning); {@code kafka.*} keys go to Kafka Streams and the recorder's consumer
 * without the prefix. Environment variables {@code DECOMCAM_SINK_<KEY>} (upper case, dots as
 * underscores) and overrides take precedence over a file; see {@link #load}.
 */
public record SinkConfig(
    String applicationId,
    String bootstrapServers,
    String framesTopic,
    String explanationsTopic,
    String overlaysTopic,
    String deadLetterTopic,
    String componentEventsTopic,
    Path stateDir,
    Path outputDir,
    boolean record,
    Segments segments,
    double fps,
    double jpegQuality,
    int maxPendingFrames,
    int maxPendingRecordingFrames,
    int maxRecordBytes,
    long maxPixels,
    long overlayLiveMaxLagMs,
    long overlayExplanationWaitMs,
    int maxCameras,
    long cameraIdleMs,
    long joinWaitMs,
    OverlayRenderer.Options render,
    int dashboardPort,
    String dashboardHost,
    int dashboardMaxCameras,
    int dashboardIdleSeconds,
    int metricsPort,
    int metricsIdleSeconds,
    BearerToken metricsToken,
    BearerToken dashboardToken,
    Properties kafkaOverrides) {

  public static final String ENV_PREFIX = "DECOMCAM_SINK_";
  public static final String APPLICATION_ID = "application.id";
  public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
  public static final String TOPIC_FRAMES = "topic.frames";
  public static final String TOPIC_EXPLANATIONS = "topic.explanations";
  public static final String TOPIC_OVERLAYS = "topic.overlays";
  public static final String TOPIC_DEAD_LETTER = "topic.deadletter";
  public static final String TOPIC_COMPONENT_EVENTS = "topic.componentevents";
  public static final String STATE_DIR = "state.dir";
  public static final String OUTPUT_DIR = "output.dir";
  public static final String RECORD = "record";
  public static final String RECORD_SEGMENT_SECONDS = "record.segment.seconds";
  public static final String RECORD_RETENTION_SEGMENTS = "record.retention.segments";
  public static final String FPS = "fps";
  public static final String JPEG_QUALITY = "jpeg.quality";
  public static final String PENDING_FRAMES_MAX = "pending.frames.max";
  public static final String PENDING_RECORDING_FRAMES_MAX = "pending.recording.frames.max";
  public static final String RECORD_MAX_BYTES = "record.max.bytes";
  public static final String IMAGE_MAX_PIXELS = PixelLimit.SETTING;
  public static final String OVERLAY_LIVE_MAX_LAG = "overlay.live.max.lag.ms";
  public static final String OVERLAY_EXPLANATION_WAIT = "overlay.explanation.wait.ms";
  public static final String CAMERAS_MAX = CameraCap.SETTING;
  public static final String CAMERA_IDLE_MS = "camera.idle.ms";
  public static final String JOIN_WAIT_MS = "join.wait.ms";

  /** The default of {@link #RECORD_MAX_BYTES}: the processor's frame.max.bytes default. */
  public static final int DEFAULT_RECORD_MAX_BYTES = 4 << 20;

  public static final String HEATMAP_ALPHA = "heatmap.alpha";
  public static final String COMPONENTS_MAX = "components.max";
  public static final String COMPONENT_THRESHOLD = "component.threshold";
  public static final String DASHBOARD_PORT = "dashboard.port";
  public static final String DASHBOARD_HOST = "dashboard.host";
  public static final String DASHBOARD_CAMERAS_MAX = "dashboard.cameras.max";
  public static final String DASHBOARD_IDLE = "dashboard.idle.seconds";
  public static final String METRICS_PORT = MetricsSettings.PORT;
  public static final String METRICS_IDLE_SECONDS = MetricsSettings.IDLE_SECONDS;
  public static final String METRICS_TOKEN = MetricsSettings.TOKEN;
  public static final String DASHBOARD_TOKEN = "dashboard.token";
  public static final String KAFKA_PREFIX = "kafka.";

  private static final OverlayRenderer.Options RENDER = OverlayRenderer.Options.defaults();

  /**
   * Every setting of the sink: key, default, valid values and meaning (for --help and the README).
   */
  public static final ConfigDef DEF =
      new ConfigDef(ENV_PREFIX)
          .define(Setting.id(APPLICATION_ID, "decomcam-sink", "Kafka Streams application id"))
          .define(
              Setting.id(
                  BOOTSTRAP_SERVERS, "127.0.0.1:9092", "Kafka brokers, host:port[,host:port...]"))
          .define(Setting.topic(TOPIC_FRAMES, Topics.FRAMES.name(), "input topic of frames"))
          .define(
              Setting.topic(
                  TOPIC_EXPLANATIONS, Topics.EXPLANATIONS.name(), "input topic of explanations"))
          .define(
              Setting.topic(
                  TOPIC_OVERLAYS, Topics.OVERLAYS.name(), "output topic of rendered overlays"))
          .define(
              Setting.topic(
                  TOPIC_DEAD_LETTER,
                  Topics.DEAD_LETTER.name(),
                  "records that cannot be rendered, with the reason in headers"))
          .define(
              Setting.topic(
                  TOPIC_COMPONENT_EVENTS,
                  Topics.COMPONENT_EVENTS.name(),
                  "component lifetimes, read by the dashboard's timeline"))
          .define(
              Setting.text(
                      STATE_DIR,
                      Path.of(System.getProperty("java.io.tmpdir"), "decomcam-sink-state")
                          .toString(),
                      "Kafka Streams state directory")
                  .shownAs("<tmp>/decomcam-sink-state"))
          .define(Setting.text(OUTPUT_DIR, "recordings", "folder of the recordings"))
          .define(Setting.bool(RECORD, false, "write <output.dir>/<camera>-<time>.mp4"))
          .define(
              Setting.integer(
                  RECORD_SEGMENT_SECONDS,
                  300,
                  0,
                  86_400,
                  "roll a camera's recording every N s of capture time, on the clock, listing"
                      + " segments in <camera>.index.json; 0 = one file per run"))
          .define(
              Setting.integer(
                  RECORD_RETENTION_SEGMENTS,
                  0,
                  0,
                  1_000_000,
                  "closed segments kept per camera, the oldest deleted; 0 = keep all"))
          .define(Setting.number(FPS, 10, 1, 240, "frame rate of the recordings"))
          .define(Setting.number(JPEG_QUALITY, 0.85, 0.05, 1.0, "JPEG quality of the overlays"))
          .define(
              Setting.integer(
                  PENDING_FRAMES_MAX,
                  500,
                  1,
                  1_000_000,
                  "frames kept per live camera while waiting for their explanations"))
          .define(
              Setting.integer(
                  PENDING_RECORDING_FRAMES_MAX,
                  100_000,
                  1,
                  100_000_000,
                  "frames kept per recording (not live) camera while waiting for their"
                      + " explanations, on disk in the sink's state: a recording loses no overlay"
                      + " unless its processor falls this far behind"))
          .define(
              Setting.integer(
                  RECORD_MAX_BYTES,
                  DEFAULT_RECORD_MAX_BYTES,
                  1024,
                  64 << 20,
                  "larger frame and explanation records go to the dead-letter topic instead of"
                      + " the sink's stores"))
          .define(
              Setting.integer(
                  IMAGE_MAX_PIXELS,
                  (int) PixelLimit.DEFAULT.maxPixels(),
                  1,
                  Integer.MAX_VALUE,
                  "larger frame images (width x height, read from the header before decoding) go"
                      + " to the dead-letter topic"))
          .define(
              Setting.integer(
                  OVERLAY_LIVE_MAX_LAG,
                  300,
                  0,
                  3_600_000,
                  "a live frame older than this when drawn (the sink is behind) is drawn at half"
                      + " size, over twice this at a quarter, over four times this not at all (the"
                      + " frame passed through), so the sink catches up; recordings are always"
                      + " drawn whole; 0 = never reduce"))
          .define(
              Setting.integer(
                  OVERLAY_EXPLANATION_WAIT,
                  (int) CatchUp.DEFAULT_EXPLANATION_WAIT_MS,
                  0,
                  3_600_000,
                  "a live frame still without its explanation or skip record this long after its"
                      + " capture (the explain-processor is down, or its camera is moving to"
                      + " another instance) is drawn with its camera's latest explanation, and the"
                      + " processor's record for it is dropped when it comes; recordings always"
                      + " wait; 0 = live frames wait too"))
          .define(
              Setting.integer(
                  CAMERAS_MAX,
                  CameraCap.DEFAULT,
                  1,
                  1_000_000,
                  "cameras one instance keeps join state for; a frame or explanation of a further"
                      + " camera goes to the dead-letter topic until one is forgotten"))
          .define(
              Setting.integer(
                  CAMERA_IDLE_MS,
                  (int) SinkTopology.DEFAULT_CAMERA_IDLE_MS,
                  1_000,
                  Integer.MAX_VALUE,
                  "a camera with no frame and no explanation for this long is forgotten (join"
                      + " state, frames still waiting, open recording); keep it above the longest"
                      + " processor outage a recording should survive"))
          .define(
              Setting.integer(
                  JOIN_WAIT_MS,
                  (int) SinkTopology.DEFAULT_JOIN_WAIT_MS,
                  0,
                  600_000,
                  "how long the join waits for one input (frames or explanations) while the other"
                      + " has records, so that a recording replayed fast waits in Kafka rather than"
                      + " in the sink's state; an explanation that comes after its frame then"
                      + " waits for the camera's next frame, up to this long (a camera's last"
                      + " explanation this long); 0 = never wait, for a sink of live cameras"
                      + " only"))
          .define(Setting.number(HEATMAP_ALPHA, RENDER.alpha(), 0, 1, "heatmap opacity"))
          .define(
              Setting.integer(
                  COMPONENTS_MAX, RENDER.maxComponents(), 0, 64, "strongest components outlined"))
          .define(
              Setting.number(
                  COMPONENT_THRESHOLD,
                  RENDER.componentThreshold(),
                  0.01,
                  0.99,
                  "outline level of a component map"))
          .define(
              Setting.integer(
                  DASHBOARD_PORT,
                  0,
                  0,
                  65535,
                  "serve the live dashboard on dashboard.host:PORT; 0 = off"))
          .define(
              Setting.text(
                  DASHBOARD_HOST,
                  "127.0.0.1",
                  "address the dashboard listens on (0.0.0.0 = every interface)"))
          .define(
              Setting.integer(
                  DASHBOARD_CAMERAS_MAX,
                  64,
                  1,
                  100_000,
                  "cameras the dashboard keeps; the least recently seen makes room"))
          .define(
              Setting.integer(
                  DASHBOARD_IDLE,
                  300,
                  1,
                  86_400,
                  "the dashboard forgets a camera silent for this long"))
          .define(MetricsSettings.port())
          .define(MetricsSettings.idleSeconds())
          .define(MetricsSettings.token())
          .define(
              BearerToken.setting(
                  DASHBOARD_TOKEN,
                  "bearer token every dashboard request needs (pages: ?token= once); unset = none"))
          .passThrough(KAFKA_PREFIX, "any Kafka Streams / consumer setting, without the prefix");

  /** Builds and validates a config from merged properties; throws {@link ConfigError}. */
  public static SinkConfig from(Properties props) {
    ConfigDef.Values v = DEF.parse(props);
    SinkConfig c =
        new SinkConfig(
            v.string(APPLICATION_ID),
            v.string(BOOTSTRAP_SERVERS),
            v.string(TOPIC_FRAMES),
            v.string(TOPIC_EXPLANATIONS),
            v.string(TOPIC_OVERLAYS),
            v.string(TOPIC_DEAD_LETTER),
            v.string(TOPIC_COMPONENT_EVENTS),
            Path.of(v.string(STATE_DIR)),
            Path.of(v.string(OUTPUT_DIR)),
            v.bool(RECORD),
            v.integer(RECORD_SEGMENT_SECONDS) == 0
                ? Segments.ONE_FILE
                : Segments.ofSeconds(
                    v.integer(RECORD_SEGMENT_SECONDS), v.integer(RECORD_RETENTION_SEGMENTS)),
            v.number(FPS),
            v.number(JPEG_QUALITY),
            v.integer(PENDING_FRAMES_MAX),
            v.integer(PENDING_RECORDING_FRAMES_MAX),
            v.integer(RECORD_MAX_BYTES),
            v.integer(IMAGE_MAX_PIXELS),
            v.integer(OVERLAY_LIVE_MAX_LAG),
            v.integer(OVERLAY_EXPLANATION_WAIT),
            v.integer(CAMERAS_MAX),
            v.integer(CAMERA_IDLE_MS),
            v.integer(JOIN_WAIT_MS),
            new OverlayRenderer.Options(
                v.number(HEATMAP_ALPHA), v.integer(COMPONENTS_MAX), v.number(COMPONENT_THRESHOLD)),
            v.integer(DASHBOARD_PORT),
            v.string(DASHBOARD_HOST),
            v.integer(DASHBOARD_CAMERAS_MAX),
            v.integer(DASHBOARD_IDLE),
            v.integer(METRICS_PORT),
            v.integer(METRICS_IDLE_SECONDS),
            v.get(METRICS_TOKEN, BearerToken.class),
            v.get(DASHBOARD_TOKEN, BearerToken.class),
            v.withPrefix(KAFKA_PREFIX));
    DistinctNames.require(
        List.of("topic.frames", "topic.explanations", "topic.overlays", "topic.deadletter"),
        List.of(c.framesTopic, c.explanationsTopic, c.overlaysTopic, c.deadLetterTopic));
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
