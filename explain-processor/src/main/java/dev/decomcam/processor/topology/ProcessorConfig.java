package dev.decomcam.processor.topology;

import dev.decomcam.common.auth.BearerToken;
import dev.decomcam.common.config.ConfigDef;
import dev.decomcam.common.config.ConfigDef.Setting;
import dev.decomcam.common.config.ConfigError;
import dev.decomcam.common.config.DistinctNames;
import dev.decomcam.common.config.Settings;
import dev.decomcam.common.image.PixelLimit;
import dev.decomcam.common.kafka.CameraCap;
import dev.decomcam.common.metrics.MetricsSettings;
import dev.decomcam.processor.decom.DecomCamConfig;
import dev.decomcam.processor.decom.SaliencyMethod;
import dev.decomcam.processor.decom.SaliencyMethods;
import dev.decomcam.processor.decom.StreamingConfig;
import dev.decomcam.processor.engine.EngineKind;
import dev.decomcam.processor.engine.EngineOptions;
import dev.decomcam.processor.engine.ResizeMode;
import dev.decomcam.processor.live.LivePolicy;
import dev.decomcam.schemas.serde.Topics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Settings of the explain-processor, validated when built; the defaults run on one machine. Every
 * key is declared once in {@link #DEF} (default, valid values, meaning). Sources, later winning:
 * the defaults, a properties file, environment variables {@code DECOMCAM_PROCESSOR_<KEY>} (dots as
 * underscores), explicit overrides (CLI flags). Keys {@code streams.*} pass through to Kafka
 * Streams.
 */
public record ProcessorConfig(
    String bootstrapServers,
    String applicationId,
    String framesTopic,
    String explanationsTopic,
    String deadLetterTopic,
    String componentEventsTopic,
    Path modelSpec,
    EngineOptions engineOptions,
    String method,
    String mode,
    StreamingConfig streaming,
    long cameraIdleMs,
    int maxCameras,
    int batchFrames,
    long batchLingerMs,
    long liveMaxLagMs,
    int target,
    int targetSticky,
    int maxFrameBytes,
    long maxPixels,
    int streamThreads,
    int streamThreadNice,
    String stateDir,
    int metricsPort,
    int metricsIdleSeconds,
    BearerToken metricsToken,
    Properties streamsOverrides) {

  public static final String ENV_PREFIX = "DECOMCAM_PROCESSOR_";
  public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
  public static final String APPLICATION_ID = "application.id";
  public static final String TOPIC_FRAMES = "topic.frames";
  public static final String TOPIC_EXPLANATIONS = "topic.explanations";
  public static final String TOPIC_DEAD_LETTER = "topic.deadletter";
  public static final String TOPIC_COMPONENT_EVENTS = "topic.componentevents";
  public static final String MODEL_SPEC = "model.spec";
  public static final String MODEL_ENGINE = "model.engine";
  public static final String MODEL_RESIZE = "model.resize";
  public static final String MODEL_DEVICE = "model.device";
  public static final String NATIVE_THREADS = "native.threads";
  public static final String METHOD = "method";
  public static final String MODE = "mode";
  public static final String CAMERA_IDLE_MS = "camera.idle.ms";
  public static final String CAMERAS_MAX = CameraCap.SETTING;
  public static final String TARGET = "target";
  public static final String TARGET_STICKY = "target.sticky";
  public static final String TOP_K = "decomcam.topk";
  public static final String COMPONENTS = "decomcam.components";
  public static final String SIGMA = "decomcam.sigma";
  public static final String SCORE = "decomcam.score";
  public static final String REFRESH_PER_FRAME = "streaming.refresh.per.frame";
  public static final String REFRESH_EVERY = "streaming.refresh.every";
  public static final String RESET_COVERAGE = "streaming.reset.coverage";
  public static final String RESCORE_CHANGED = "streaming.rescore.changed";
  public static final String DRIFT = "streaming.drift";
  public static final String SCENE_CUT = "streaming.scene.cut";
  public static final String MAX_FRAME_BYTES = "frame.max.bytes";
  public static final String IMAGE_MAX_PIXELS = PixelLimit.SETTING;
  public static final String BATCH_FRAMES = "batch.frames";
  public static final String BATCH_LINGER_MS = "batch.linger.ms";
  public static final String LIVE_MAX_LAG_MS = LivePolicy.SETTING;
  public static final String STREAM_THREADS = "num.stream.threads";

  /**
   * Two stream threads: with cameras on both partitions of a 2-core machine, the second thread
   * explains on the core the first leaves idle while it waits on commits, polls and the other
   * threads (the README's live figures); with one native thread each, two fit two cores.
   */
  public static final int DEFAULT_STREAM_THREADS = 2;

  public static final String STREAM_THREAD_NICE = "stream.thread.nice";

  /**
   * A stream thread that explains live cameras yields the cores to ingest, the broker and the sink
   * when they need them (the README's live figures): a nice value 5 higher gives a thread about a
   * third of the weight of a normal one.
   */
  public static final int DEFAULT_STREAM_THREAD_NICE = 5;

  public static final String STATE_DIR = "state.dir";
  public static final String METRICS_PORT = MetricsSettings.PORT;
  public static final String METRICS_IDLE_SECONDS = MetricsSettings.IDLE_SECONDS;
  public static final String METRICS_TOKEN = MetricsSettings.TOKEN;
  public static final String KAFKA_PREFIX = "kafka.";

  private static final int MAX_BATCH_FRAMES = 64;
  private static final StreamingConfig STREAMING = StreamingConfig.defaults();
  private static final DecomCamConfig DECOM = STREAMING.decom();

  /**
   * Every setting of the explain-processor: key, default, valid values and meaning (for --help and
   * the README).
   */
  public static final ConfigDef DEF =
      new ConfigDef(ENV_PREFIX)
          .define(
              Setting.id(
                  BOOTSTRAP_SERVERS, "127.0.0.1:9092", "Kafka brokers, host:port[,host:port...]"))
          .define(
              Setting.id(
                  APPLICATION_ID,
                  "decomcam-explain",
                  "Kafka Streams application id; instances with the same id share the cameras"))
          .define(Setting.topic(TOPIC_FRAMES, Topics.FRAMES.name(), "input topic of frames"))
          .define(
              Setting.topic(
                  TOPIC_EXPLANATIONS, Topics.EXPLANATIONS.name(), "output topic of explanations"))
          .define(
              Setting.topic(
                  TOPIC_DEAD_LETTER,
                  Topics.DEAD_LETTER.name(),
                  "records that cannot be explained, with the reason in headers"))
          .define(
              Setting.topic(
                  TOPIC_COMPONENT_EVENTS,
                  Topics.COMPONENT_EVENTS.name(),
                  "lifecycle events of the tracked components (streaming mode)"))
          .define(
              Setting.text(
                  MODEL_SPEC, "models/demo-shapes/spec.json", "model spec (JSON) to explain"))
          .define(
              Setting.parsed(
                  MODEL_ENGINE,
                  null,
                  "as in the spec",
                  EngineKind.choices(),
                  (key, v) ->
                      EngineKind.parse(v).orElseThrow(() -> invalid(key, v, EngineKind.choices())),
                  "inference engine, overriding the spec's"))
          .define(
              Setting.parsed(
                  MODEL_RESIZE,
                  null,
                  "as in the spec",
                  ResizeMode.choices(),
                  (key, v) ->
                      ResizeMode.parse(v).orElseThrow(() -> invalid(key, v, ResizeMode.choices())),
                  "how frames are fitted to the model's input, overriding the spec's"))
          .define(Setting.text(MODEL_DEVICE, "cpu", "device of the model: cpu, gpu or gpuN"))
          .define(
              Setting.integer(
                  NATIVE_THREADS,
                  1,
                  0,
                  256,
                  "threads of libtorch / ONNX Runtime per model (0 = the engine's default)"))
          .define(
              Setting.choice(
                  METHOD,
                  SaliencyMethods.DECOMCAM,
                  SaliencyMethods.HELP,
                  SaliencyMethods.choices()))
          .define(
              Setting.choice(
                  MODE,
                  "streaming",
                  "streaming: components kept per camera, tracked, scores reused; full: every frame"
                      + " on its own",
                  "streaming",
                  "full"))
          .define(
              Setting.integer(
                  CAMERA_IDLE_MS,
                  600_000,
                  1_000,
                  Integer.MAX_VALUE,
                  "a camera with no frame for this long is forgotten (stored components, last"
                      + " sequence); a later frame starts it as a new camera"))
          .define(
              Setting.integer(
                  CAMERAS_MAX,
                  CameraCap.DEFAULT,
                  1,
                  1_000_000,
                  "cameras one instance keeps state for; a frame of a further camera goes to the"
                      + " dead-letter topic until one is forgotten"))
          .define(
              Setting.integer(
                  TARGET,
                  -1,
                  -1,
                  Integer.MAX_VALUE,
                  "class index to explain; -1 = each frame's top-1"))
          .define(
              Setting.integer(
                  TARGET_STICKY,
                  1,
                  1,
                  1000,
                  "streaming with target -1: keep a camera's class while it "
                      + "is in the frame's top N (fewer resets when near-equal classes swap)"))
          .define(
              Setting.integer(
                  TOP_K, DECOM.topK(), 1, 1 << 16, "Decom-CAM channels kept by gradient weight"))
          .define(
              Setting.integer(
                  COMPONENTS,
                  DECOM.components(),
                  1,
                  256,
                  "orthogonal saliency maps (OSSMs) per explanation"))
          .define(
              Setting.number(
                  SIGMA, DECOM.sigma(), 0.1, 1000, "blur of the masking baseline, in input pixels"))
          .define(
              Setting.choice(
                  SCORE,
                  "logit",
                  "score of a masked input: logit, or gain = masked logit minus the blurred"
                      + " input's",
                  "logit",
                  "gain"))
          .define(
              Setting.number(
                  REFRESH_PER_FRAME,
                  STREAMING.refreshPerFrame(),
                  0,
                  256,
                  "masked forwards per frame that refresh reused scores"))
          .define(
              Setting.integer(
                  REFRESH_EVERY,
                  STREAMING.refreshEvery(),
                  1,
                  10_000,
                  "spend that budget in one batch every N frames"))
          .define(
              Setting.number(
                  RESET_COVERAGE,
                  STREAMING.resetCoverage(),
                  0.01,
                  1,
                  "on a reset, score at once the "
                      + "strongest components holding this share of the singular values; 1 = all"))
          .define(
              Setting.number(
                  RESCORE_CHANGED,
                  STREAMING.rescoreAllFraction(),
                  0,
                  1,
                  "re-score all when new or drifted components hold this share of the energy"))
          .define(
              Setting.number(
                  DRIFT,
                  STREAMING.driftThreshold(),
                  0,
                  1,
                  "drift (1 - cos since last scored) that queues a component's re-score"))
          .define(
              Setting.number(
                  SCENE_CUT,
                  STREAMING.resetThreshold(),
                  0,
                  1,
                  "activation similarity below which a frame is a scene cut (reset)"))
          .define(
              Setting.integer(
                  MAX_FRAME_BYTES,
                  4 << 20,
                  1024,
                  Integer.MAX_VALUE,
                  "larger frame records go to the dead-letter topic"))
          .define(
              Setting.integer(
                  IMAGE_MAX_PIXELS,
                  (int) PixelLimit.DEFAULT.maxPixels(),
                  1,
                  Integer.MAX_VALUE,
                  "larger frame images (width x height, read from the header before decoding) go"
                      + " to the dead-letter topic"))
          .define(
              Setting.parsed(
                  BATCH_FRAMES,
                  1,
                  "1",
                  "auto, 1.." + MAX_BATCH_FRAMES,
                  ProcessorConfig::batchFrames,
                  "frames of a task's cameras per batched forward (1 = no batching); auto = 4 where"
                      + " the engine measured batching worth it at load (GPU, several native"
                      + " threads), else 1. A batched forward's rounding can flip a near-tie"
                      + " between classes, and auto decides by timing"))
          .define(
              Setting.integer(
                  BATCH_LINGER_MS, 20, 1, 60_000, "how often a partial batch is flushed"))
          .define(
              Setting.integer(
                  LIVE_MAX_LAG_MS,
                  300,
                  1,
                  Integer.MAX_VALUE,
                  "a live camera's frame (ingest live) older than this when it would be explained"
                      + " is skipped: its overlay reuses the camera's latest explanation. Age ="
                      + " this processor's clock - the capture time stamped by ingest: keep the"
                      + " machines' clocks in sync (NTP). Frames that are not live are never"
                      + " skipped"))
          .define(
              Setting.integer(
                  STREAM_THREADS,
                  DEFAULT_STREAM_THREADS,
                  1,
                  64,
                  "Kafka Streams threads; each holds one model, loaded when it gets its first"
                      + " frame (a thread without cameras loads none)"))
          .define(
              Setting.integer(
                  STREAM_THREAD_NICE,
                  DEFAULT_STREAM_THREAD_NICE,
                  0,
                  19,
                  "how much lower than the process a stream thread runs once it takes a live"
                      + " camera's frame (Linux nice increment): when the cores are full, ingest,"
                      + " broker and sink handle every live frame first and explaining takes the"
                      + " rest, skipping what it cannot explain in time; recordings keep the"
                      + " normal priority; 0 = never lowered"))
          .define(
              Setting.text(
                      STATE_DIR,
                      System.getProperty("java.io.tmpdir") + "/decomcam-streams",
                      "Kafka Streams state directory")
                  .shownAs("<tmp>/decomcam-streams"))
          .define(MetricsSettings.port())
          .define(MetricsSettings.idleSeconds())
          .define(MetricsSettings.token())
          .passThrough(
              KAFKA_PREFIX,
              "any Kafka Streams, consumer or producer setting (e.g. TLS/SASL), without the"
                  + " prefix");

  /** Builds and validates a config from merged properties; throws {@link ConfigError}. */
  public static ProcessorConfig from(Properties props) {
    ConfigDef.Values v = DEF.parse(props);
    EngineOptions engineOptions =
        new EngineOptions(
            v.get(MODEL_ENGINE, EngineKind.class),
            v.get(MODEL_RESIZE, ResizeMode.class),
            v.integer(NATIVE_THREADS),
            v.string(MODEL_DEVICE));
    DecomCamConfig decom;
    StreamingConfig streaming;
    try {
      decom =
          new DecomCamConfig(
              v.integer(TOP_K),
              v.integer(COMPONENTS),
              v.number(SIGMA),
              v.string(SCORE).equals("gain")
                  ? DecomCamConfig.ScoreMode.GAIN
                  : DecomCamConfig.ScoreMode.LOGIT,
              DECOM.threshold());
      streaming =
          StreamingConfig.of(decom)
              .withRefreshPerFrame(v.number(REFRESH_PER_FRAME))
              .withRefreshEvery(v.integer(REFRESH_EVERY))
              .withResetCoverage(v.number(RESET_COVERAGE))
              .withRescoreAllFraction(v.number(RESCORE_CHANGED))
              .withDriftThreshold(v.number(DRIFT))
              .withResetThreshold(v.number(SCENE_CUT));
    } catch (IllegalArgumentException e) {
      throw new ConfigError(e.getMessage());
    }
    ProcessorConfig c =
        new ProcessorConfig(
            v.string(BOOTSTRAP_SERVERS),
            v.string(APPLICATION_ID),
            v.string(TOPIC_FRAMES),
            v.string(TOPIC_EXPLANATIONS),
            v.string(TOPIC_DEAD_LETTER),
            v.string(TOPIC_COMPONENT_EVENTS),
            Path.of(v.string(MODEL_SPEC)),
            engineOptions,
            v.string(METHOD),
            v.string(MODE),
            streaming,
            v.integer(CAMERA_IDLE_MS),
            v.integer(CAMERAS_MAX),
            v.integer(BATCH_FRAMES),
            v.integer(BATCH_LINGER_MS),
            v.integer(LIVE_MAX_LAG_MS),
            v.integer(TARGET),
            v.integer(TARGET_STICKY),
            v.integer(MAX_FRAME_BYTES),
            v.integer(IMAGE_MAX_PIXELS),
            v.integer(STREAM_THREADS),
            v.integer(STREAM_THREAD_NICE),
            v.string(STATE_DIR),
            v.integer(METRICS_PORT),
            v.integer(METRICS_IDLE_SECONDS),
            v.get(METRICS_TOKEN, BearerToken.class),
            v.withPrefix(KAFKA_PREFIX));
    DistinctNames.require(
        List.of("topic.frames", "topic.explanations", "topic.deadletter", "topic.componentevents"),
        List.of(c.framesTopic, c.explanationsTopic, c.deadLetterTopic, c.componentEventsTopic));
    return c;
  }

  /** Loads from an optional properties file (null = none), the environment and overrides. */
  public static ProcessorConfig load(
      Path file, Map<String, String> env, Map<String, String> overrides) {
    return from(Settings.merge(file, ENV_PREFIX, env, overrides));
  }

  /** The Decom-CAM parameters (decomcam.*), shared by the full and the streaming method. */
  public DecomCamConfig decomCam() {
    return streaming.decom();
  }

  /** A new instance of the configured saliency method (methods may keep per-instance caches). */
  public SaliencyMethod<?> newMethod() {
    return SaliencyMethods.create(method, mode, streaming);
  }

  public ExplainTopology.Options topologyOptions() {
    return new ExplainTopology.Options(
        framesTopic,
        explanationsTopic,
        deadLetterTopic,
        componentEventsTopic,
        maxFrameBytes,
        cameraIdleMs,
        batchFrames,
        batchLingerMs,
        liveMaxLagMs,
        new PixelLimit(maxPixels),
        maxCameras,
        streamThreadNice);
  }

  /** batch.frames: "auto" (0) or 1..{@value #MAX_BATCH_FRAMES}. */
  private static int batchFrames(String key, String v) {
    if (v.equalsIgnoreCase("auto")) {
      return 0;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= 1 && n <= MAX_BATCH_FRAMES) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below with what is allowed
    }
    throw new ConfigError(
        "config key '"
            + key
            + "' = '"
            + v
            + "' is invalid: set auto or a number of "
            + "frames from 1 to "
            + MAX_BATCH_FRAMES
            + " (1 = no batching)");
  }

  private static ConfigError invalid(String key, String value, String choices) {
    return new ConfigError(
        "config key '" + key + "' = '" + value + "' is invalid: set one of " + choices);
  }
}
