package dev.decomcam.processor.topology;

import dev.decomcam.processor.decom.DecomCam;
import dev.decomcam.processor.decom.DecomCamConfig;
import dev.decomcam.processor.decom.GradCam;
import dev.decomcam.processor.decom.SaliencyMethod;
import dev.decomcam.processor.decom.StreamingConfig;
import dev.decomcam.processor.decom.StreamingDecomCam;
import dev.decomcam.processor.engine.EngineKind;
import dev.decomcam.processor.engine.EngineOptions;
import dev.decomcam.processor.engine.ResizeMode;
import dev.decomcam.schemas.config.ConfigError;
import dev.decomcam.schemas.config.Settings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Settings of the explain-processor, validated when built; defaults run on one machine.
 * Sources, later winning: built-in defaults, a properties file, environment variables
 * {@code DECOMCAM_PROCESSOR_<KEY>} (dots as underscores), explicit overrides (CLI flags).
 * Keys {@code streams.*} pass through to Kafka Streams.
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
    int batchFrames,
    long batchLingerMs,
    int target,
    int targetSticky,
    int maxFrameBytes,
    int streamThreads,
    String stateDir,
    int metricsPort,
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
  public static final String BATCH_FRAMES = "batch.frames";
  public static final String BATCH_LINGER_MS = "batch.linger.ms";
  public static final String STREAM_THREADS = "num.stream.threads";
  public static final String STATE_DIR = "state.dir";
  public static final String METRICS_PORT = "metrics.port";
  public static final String STREAMS_PREFIX = "streams.";

  /** Key, default and meaning of every setting, for {@code --help}. */
  public static final String HELP = """
        bootstrap.servers      127.0.0.1:9092
        application.id         decomcam-explain (instances with the same id share the cameras)
        topic.frames / topic.explanations / topic.deadletter / topic.componentevents
                               frames / explanations / dead-letter / component-events
        model.spec             models/demo-shapes/spec.json
        model.engine           as in the spec (PyTorch | OnnxRuntime | TensorRT)
        model.resize           as in the spec (center-crop | stretch | none)
        model.device           cpu (gpu, gpuN)
        native.threads         1 (threads of libtorch / ONNX Runtime per model)
        method                 decomcam (or gradcam)
        mode                   streaming (components kept per camera, tracked, scores reused) | full
        camera.idle.ms         600000 (a camera silent this long loses its stored components)
        target                 -1 (= top-1 class of each frame) or a class index
        target.sticky          1; streaming with target -1: keep a camera's class while it is in
                               the frame's top N (fewer resets when near-equal classes swap)
        decomcam.topk          100 channels kept by gradient weight
        decomcam.components    10 OSSMs
        decomcam.sigma         10 (blur of the masking baseline, input pixels)
        decomcam.score         logit (or gain: masked logit minus the blurred input's)
        streaming.refresh.per.frame  0.25 masked forwards per frame to refresh reused scores
        streaming.refresh.every      8 (spend that budget in one batch every N frames)
        streaming.reset.coverage     0.6 (on a reset, score at once the strongest components
                                     holding this share of the singular values; 1 = all)
        streaming.rescore.changed    0.8 (re-score when new or drifted components hold this
                                     share of the energy)
        streaming.drift              0.1 (1 - cos since last scored that queues a re-score)
        streaming.scene.cut          0.5 (activation similarity below this = scene cut, reset)
        frame.max.bytes        4194304 (larger frame records go to dead-letter)
        batch.frames           auto: frames of a task's cameras per batched forward, 4 where
                               the engine measured batching worth it at load (GPU, several
                               native threads), else 1; or a number (1 = no batching)
        batch.linger.ms        20 (how often a partial batch is flushed)
        num.stream.threads     1 (each thread holds one model)
        state.dir              <tmp>/decomcam-streams
        metrics.port           0 (serve Prometheus metrics on 127.0.0.1:PORT; 0 = off)
        streams.<key>          any Kafka Streams setting
      """;

  /** Builds and validates a config from merged properties; throws {@link ConfigError}. */
  public static ProcessorConfig from(Properties props) {
    Settings s = new Settings(props);
    String engine = s.string(MODEL_ENGINE, null);
    String resize = s.string(MODEL_RESIZE, null);
    EngineOptions engineOptions = new EngineOptions(
        engine == null ? null : EngineKind.parse(engine).orElseThrow(() -> invalid(MODEL_ENGINE, engine, EngineKind.choices())),
        resize == null ? null : ResizeMode.parse(resize).orElseThrow(() -> invalid(MODEL_RESIZE, resize, ResizeMode.choices())),
        s.intIn(NATIVE_THREADS, 1, 0, 256), s.string(MODEL_DEVICE, "cpu"));
    String score = s.choice(SCORE, "logit", Set.of("logit", "gain"));
    DecomCamConfig decom;
    try {
      decom = new DecomCamConfig(s.intIn(TOP_K, 100, 1, 1 << 16), s.intIn(COMPONENTS, 10, 1, 256),
          s.doubleIn(SIGMA, 10, 0.1, 1000), score.equals("gain") ? DecomCamConfig.ScoreMode.GAIN
          : DecomCamConfig.ScoreMode.LOGIT, DecomCamConfig.defaults().threshold());
    } catch (IllegalArgumentException e) {
      throw new ConfigError(e.getMessage());
    }
    StreamingConfig streaming;
    try {
      StreamingConfig d = StreamingConfig.of(decom);
      streaming = d.withRefreshPerFrame(s.doubleIn(REFRESH_PER_FRAME, d.refreshPerFrame(), 0, 256))
          .withRefreshEvery(s.intIn(REFRESH_EVERY, d.refreshEvery(), 1, 10_000))
          .withResetCoverage(s.doubleIn(RESET_COVERAGE, d.resetCoverage(), 0.01, 1))
          .withRescoreAllFraction(s.doubleIn(RESCORE_CHANGED, d.rescoreAllFraction(), 0, 1))
          .withDriftThreshold(s.doubleIn(DRIFT, d.driftThreshold(), 0, 1))
          .withResetThreshold(s.doubleIn(SCENE_CUT, d.resetThreshold(), 0, 1));
    } catch (IllegalArgumentException e) {
      throw new ConfigError(e.getMessage());
    }
    ProcessorConfig c = new ProcessorConfig(
        s.name(BOOTSTRAP_SERVERS, "127.0.0.1:9092"),
        s.name(APPLICATION_ID, "decomcam-explain"),
        s.name(TOPIC_FRAMES, "frames"),
        s.name(TOPIC_EXPLANATIONS, "explanations"),
        s.name(TOPIC_DEAD_LETTER, "dead-letter"),
        s.name(TOPIC_COMPONENT_EVENTS, "component-events"),
        Path.of(s.string(MODEL_SPEC, "models/demo-shapes/spec.json")),
        engineOptions,
        s.choice(METHOD, "decomcam", Set.of("decomcam", "gradcam")),
        s.choice(MODE, "streaming", Set.of("streaming", "full")),
        streaming,
        s.intIn(CAMERA_IDLE_MS, 600_000, 1_000, Integer.MAX_VALUE),
        batchFrames(s),
        s.intIn(BATCH_LINGER_MS, 20, 1, 60_000),
        s.intIn(TARGET, -1, -1, Integer.MAX_VALUE),
        s.intIn(TARGET_STICKY, 1, 1, 1000),
        s.intIn(MAX_FRAME_BYTES, 4 << 20, 1024, Integer.MAX_VALUE),
        s.intIn(STREAM_THREADS, 1, 1, 64),
        s.string(STATE_DIR, System.getProperty("java.io.tmpdir") + "/decomcam-streams"),
        s.intIn(METRICS_PORT, 0, 0, 65535),
        s.withPrefix(STREAMS_PREFIX));
    s.rejectUnknown(STREAMS_PREFIX);
    return c;
  }

  /** Loads from an optional properties file (null = none), the environment and overrides. */
  public static ProcessorConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
    return from(Settings.merge(file, ENV_PREFIX, env, overrides));
  }

  /** The Decom-CAM parameters (decomcam.*), shared by the full and the streaming method. */
  public DecomCamConfig decomCam() {
    return streaming.decom();
  }

  /** A new instance of the configured saliency method (methods may keep per-instance caches). */
  public SaliencyMethod<?> newMethod() {
    if (method.equals("gradcam")) {
      return new GradCam();
    }
    return mode.equals("streaming") ? new StreamingDecomCam(streaming) : new DecomCam(decomCam());
  }

  public ExplainTopology.Options topologyOptions() {
    return new ExplainTopology.Options(framesTopic, explanationsTopic, deadLetterTopic, componentEventsTopic,
        maxFrameBytes, cameraIdleMs, batchFrames, batchLingerMs);
  }

  /** batch.frames: "auto" (0) or 1..64. */
  private static int batchFrames(Settings s) {
    String v = s.string(BATCH_FRAMES, "auto");
    if (v.trim().equalsIgnoreCase("auto")) {
      return 0;
    }
    try {
      return s.intIn(BATCH_FRAMES, 1, 1, 64);
    } catch (ConfigError e) {
      throw new ConfigError("config key '" + BATCH_FRAMES + "' = '" + v + "' is invalid: set auto or a number of "
          + "frames from 1 to 64 (1 = no batching)");
    }
  }

  private static ConfigError invalid(String key, String value, String choices) {
    return new ConfigError("config key '" + key + "' = '" + value + "' is invalid: set one of " + choices);
  }
}
